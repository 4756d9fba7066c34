// A click on the map in the proposal form places the idea: it fills the form's hidden
// point_lon/point_lat (the inverse of places.maps.Projection) and ticks the area clicked.
// Without JavaScript the map stays hidden and the areas are ticked in the list.
(function () {
  "use strict";
  var picker = document.querySelector("[data-point-picker]");
  if (!picker) return;
  var form = picker.closest("form");
  var svg = picker.querySelector("svg");
  var lon = form && form.querySelector("input[name=point_lon]");
  var lat = form && form.querySelector("input[name=point_lat]");
  if (!svg || !lon || !lat) return;
  var west = parseFloat(picker.dataset.west), north = parseFloat(picker.dataset.north);
  var kx = parseFloat(picker.dataset.kx), scale = parseFloat(picker.dataset.scale);
  var status = picker.querySelector(".point-picker__status");
  var marker = document.createElementNS("http://www.w3.org/2000/svg", "circle");
  marker.setAttribute("r", "7");
  marker.setAttribute("class", "map__marker");
  picker.hidden = false;

  svg.addEventListener("click", function (event) {
    var link = event.target.closest("a");
    if (!link) return;
    event.preventDefault();
    var box = form.querySelector('input[name=areas][value="' + link.dataset.area + '"]');
    if (box) box.checked = true;
    if (event.detail > 0) {  // a pointer click (a keyboard's Enter only ticks the area)
      var point = svg.createSVGPoint();
      point.x = event.clientX;
      point.y = event.clientY;
      var local = point.matrixTransform(svg.getScreenCTM().inverse());
      lon.value = (local.x / (kx * scale) + west).toFixed(6);
      lat.value = (north - local.y / scale).toFixed(6);
      marker.setAttribute("cx", local.x);
      marker.setAttribute("cy", local.y);
      svg.appendChild(marker);
    }
    var name = link.getAttribute("aria-label") || "";
    if (status) status.textContent = picker.dataset.placed.replace("%(area)s", name);
  });
})();
