// Las tablas más anchas que la columna se desplazan en horizontal (sobre todo en un teléfono): con
// tabindex el teclado también llega a desplazarlas (WCAG 2.1.1), como hace Material con el código.
// document$ emite en cada carga de página, también con la navegación instantánea.
function focusableScrollingTables() {
  for (const wrap of document.querySelectorAll(".md-typeset__scrollwrap")) {
    if (wrap.scrollWidth > wrap.clientWidth) wrap.tabIndex = 0
    else wrap.removeAttribute("tabindex")
  }
}
document$.subscribe(() => setTimeout(focusableScrollingTables))
window.addEventListener("resize", focusableScrollingTables)
