// Lo que se desplaza en horizontal (tablas y bloques de código más anchos que la columna, sobre todo
// en un teléfono) recibe tabindex para que el teclado también llegue a desplazarlo (WCAG 2.1.1).
// Material lo hace con cada bloque de código al montarlo, pero con content.lazy monta solo los que se
// ven: aquí se marcan todos al cargar, con su misma regla (código solo con un puntero que flota), y
// leyendo todos los tamaños de una vez, sin escribir en medio, y después de pintar la página, cuando la
// maquetación ya está hecha: leerlos no obliga a rehacerla.
// document$ emite en cada carga de página, también con la navegación instantánea.
function focusableScrollingRegions() {
  const hover = matchMedia("(hover)").matches
  const regions = [
    ...[...document.querySelectorAll(".md-typeset__scrollwrap")].map(el => [el, true]),
    ...[...document.querySelectorAll(".md-typeset pre > code")].map(el => [el, hover]),
  ]
  const scrollable = regions.map(([el, allowed]) => allowed && el.scrollWidth > el.clientWidth)
  regions.forEach(([el], i) => {
    if (scrollable[i]) el.tabIndex = 0
    else el.removeAttribute("tabindex")
  })
}
document$.subscribe(() => requestAnimationFrame(() => setTimeout(focusableScrollingRegions)))
window.addEventListener("resize", focusableScrollingRegions)
