/* Figuras de plotly: la página muestra un SVG estático (<img data-plotly="figura.json">) y este script
   añade debajo el botón «Ver el gráfico interactivo». Solo al pulsarlo se descargan plotly.js (el
   paquete parcial «cartesian», servido por el propio sitio) y el JSON de la figura, y el SVG se
   sustituye por el gráfico interactivo.

   Se inicializa en document$ de Material, que emite en cada página mostrada: también cuando se llega
   por la navegación instantánea (clic en un enlace o en un resultado de búsqueda). La navegación
   instantánea vuelve a ejecutar este script en cada visita; la suscripción se hace una sola vez. */
(function () {
  if (window.__graficosPlotly) return;
  var bundle = new URL("plotly-cartesian.min.js", document.currentScript.src).href;
  var plotly = null;

  window.__graficosPlotly = true;

  /* plotly.js una sola vez por visita al sitio, aunque haya varias figuras o páginas. */
  function loadPlotly() {
    if (!plotly) {
      plotly = new Promise(function (resolve, reject) {
        if (window.Plotly) return resolve(window.Plotly);
        var script = document.createElement("script");
        script.src = bundle;
        script.onload = function () { resolve(window.Plotly); };
        script.onerror = function () { plotly = null; reject(new Error("No se pudo cargar " + bundle)); };
        document.head.appendChild(script);
      });
    }
    return plotly;
  }

  function showInteractive(img, button) {
    button.disabled = true;
    button.textContent = "Cargando el gráfico…";
    var figure = fetch(new URL(img.dataset.plotly, img.src)).then(function (response) {
      if (!response.ok) throw new Error("No se pudo cargar " + response.url);
      return response.json();
    });
    Promise.all([loadPlotly(), figure]).then(function (results) {
      var Plotly = results[0], fig = results[1];
      var div = document.createElement("div");
      div.className = "grafico-plotly";
      div.setAttribute("aria-label", img.alt);
      div.style.height = (img.getAttribute("height") || 450) + "px";
      img.replaceWith(div);
      button.remove();
      return Plotly.newPlot(div, fig.data, fig.layout, { responsive: true, displaylogo: false });
    }).catch(function (error) {
      button.disabled = false;
      button.textContent = "No se pudo cargar: volver a intentarlo";
      console.warn(error);
    });
  }

  function setup() {
    document.querySelectorAll("article img[data-plotly]").forEach(function (img) {
      if (img.dataset.plotlyReady) return;
      img.dataset.plotlyReady = "true";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button grafico-plotly__boton";
      button.textContent = "Ver el gráfico interactivo";
      button.addEventListener("click", function () { showInteractive(img, button); });
      var block = img.closest("p") || img;
      block.insertAdjacentElement("afterend", button);
    });
  }

  document$.subscribe(setup);
})();
