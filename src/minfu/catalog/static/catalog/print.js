/* The print button of the service page. Without JavaScript it stays hidden and the
   page prints as well through the browser's own print command. */
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".js-print").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
});
