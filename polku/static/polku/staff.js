// Behaviour of staff pages without inline handlers, so that the Content-Security-Policy can
// forbid inline scripts: print buttons, selects that submit their form, and the survey
// preview's form, which sends nothing.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    event.preventDefault();
    window.print();
  }
});
document.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-autosubmit]");
  if (select && select.form) select.form.submit();
});
document.addEventListener("submit", (event) => {
  if (event.target.matches("form[data-preview]")) event.preventDefault();
});
