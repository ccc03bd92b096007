// lossbook: small additions to the theme's behaviour.
// The ".ipynb" entry of the download menu saves the chapter's notebook
// instead of opening its JSON in a new tab.
document.querySelectorAll("a.btn-download-notebook-button").forEach((link) => {
  link.setAttribute("download", "");
  link.removeAttribute("target");
});
