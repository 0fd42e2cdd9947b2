// Small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Move focus to the error summary so screen-reader and keyboard users hear the problems first.
  const summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();

  // Ask before dangerous actions: <form data-confirm="Delete this entry?">.
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
});
