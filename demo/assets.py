"""The page's stylesheet and script, kept apart from the layout in :mod:`summarizer_demo.app`.

CSS: readable in light and dark mode (every coloured surface sets its own text colour) and
at phone width (long words wrap, wide tables scroll inside their box, never the page).
JS: copy to the clipboard (with a fallback where the Clipboard API is unavailable, as on
plain-http LAN addresses), the page language (``lang`` and ``?lang=``), confirmation before
replacing typed text, scrolling to fresh results, and downloading an export at once.
"""

from __future__ import annotations

import json

from summarizer_demo.i18n import LANGS, t

# Gradio scopes this stylesheet and rewrites ".dark" rules; it misses ".dark" selectors after
# the first in a comma list, so every dark-mode rule names one selector.
CSS = """
.sd-results { display: grid; gap: 1rem; min-width: 0; }
.sd-results.sd-both { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); }
.sd-results.sd-single .sd-pair { display: grid; grid-template-columns: minmax(0, 3fr)
  minmax(0, 2fr); gap: 1rem; }
.sd-method { border: 1px solid var(--border-color-primary); border-radius: 10px; padding: .8rem;
  min-width: 0; }
.sd-method h3 { margin: 0 0 .5rem; }
.sd-merged h4, .sd-per-article h4 { margin: .2rem 0; }
.sd-text, .sd-empty { line-height: 1.75; margin: .3rem 0; overflow-wrap: anywhere; }
.sd-sent { border-radius: 4px; padding: 1px 3px; box-decoration-break: clone;
  -webkit-box-decoration-break: clone; }
.sd-tinted { background: hsl(var(--sd-h) 80% 89%); color: #1b1b1b; }
.sd-unsourced { background: #e5e5e5; color: #1b1b1b; }
.sd-chips { margin-left: 2px; user-select: none; }
.sd-chip { display: inline-block; background: hsl(var(--sd-h) 65% 30%); color: #fff;
  border-radius: 8px; padding: 0 5px; margin-left: 1px; font-size: .7em; font-weight: 600;
  line-height: 1.4; }
.sd-chip::before { content: attr(data-n); }
.sd-legend { list-style: none; padding: 0; margin: .6rem 0 0; display: flex; flex-wrap: wrap;
  gap: .35rem; }
.sd-legend li { border-left: 5px solid hsl(var(--sd-h) 65% 30%); border-radius: 4px;
  padding: 1px 8px; font-size: .85em; background: hsl(var(--sd-h) 80% 91%); color: #1b1b1b;
  overflow-wrap: anywhere; }
.sd-legend li b, .sd-num { color: hsl(var(--sd-h) 65% 26%); }
.sd-article-summary { border-left: 5px solid hsl(var(--sd-h) 65% 30%); border-radius: 6px;
  padding: 0 .6rem .3rem; margin-bottom: .6rem; background: var(--background-fill-secondary);
  color: var(--body-text-color); }
.sd-article-summary h5 { display: flex; flex-wrap: wrap; align-items: baseline; gap: .25rem .4rem;
  margin: 0 -.6rem; padding: .3rem .6rem; border-radius: 0 6px 0 0; font-size: .95em;
  background: hsl(var(--sd-h) 80% 91%); color: #1b1b1b; overflow-wrap: anywhere; }
.sd-article-summary h5 small, .sd-details { font-weight: normal; color: #3d3d3d; }
.sd-copy { margin-left: auto; font: inherit; font-size: .8em; font-weight: 600; cursor: pointer;
  border: 1px solid currentColor; border-radius: 6px; padding: 0 .55em; background: transparent;
  color: inherit; }
.sd-copy:focus-visible { outline: 2px solid var(--color-accent); }
.sd-both .sd-per-article { margin-top: 1rem; }
.sd-notice, .sd-stale-note { border-radius: 8px; padding: .6rem .8rem; margin: .3rem 0; }
.sd-notice { background: #fff4d6; color: #4d3900; border: 1px solid #e8c15a; }
.sd-stale-note { background: #e3efff; color: #0d3266; border: 1px solid #8fb5ea; font-weight: 600; }
.gradio-container:has(.sd-stale-note) #results .sd-results { opacity: .78; filter: grayscale(.5); }
.sd-note, .sd-muted { color: var(--body-text-color-subdued); font-size: .9em; }
.sd-warning { color: #7a4a00; }
.sd-empty { color: var(--body-text-color-subdued); font-style: italic; }
.sd-scroll { max-width: 100%; overflow-x: auto; }
.sd-table { border-collapse: collapse; font-size: .88em; margin: .3rem 0 .6rem; }
.sd-table td, .sd-table th { border: 1px solid var(--border-color-primary); padding: 2px 6px;
  vertical-align: top; }
.sd-scores td, .sd-timings td { text-align: right; }
.sd-removed-table { width: 100%; table-layout: fixed; }
.sd-removed-table th:first-child { width: 3.2em; }
.sd-removed-table th:nth-child(2) { width: 28%; }
.sd-removed-table td { overflow-wrap: anywhere; }
.sd-removed h5 { margin: .6rem 0 .2rem; overflow-wrap: anywhere; }
.sd-signature code { overflow-wrap: anywhere; white-space: normal; }
.sd-files { margin: .2rem 0; padding-left: 1.2rem; overflow-wrap: anywhere; font-size: .9em; }
h4 small { font-weight: normal; color: var(--body-text-color-subdued); }
#sd-toast { position: fixed; left: 50%; bottom: 1.2rem; transform: translateX(-50%);
  background: #1f2937; color: #fff; padding: .45rem .9rem; border-radius: 8px; z-index: 1000;
  font-size: .95em; max-width: 90vw; }
.dark .sd-tinted { background: hsl(var(--sd-h) 42% 25%); color: #f5f5f5; }
.dark .sd-unsourced { background: #3b3b3b; color: #f5f5f5; }
.dark .sd-chip { background: hsl(var(--sd-h) 60% 72%); color: #111; }
.dark .sd-legend li { background: hsl(var(--sd-h) 38% 22%); color: #f5f5f5;
  border-left-color: hsl(var(--sd-h) 60% 62%); }
.dark .sd-legend li b { color: hsl(var(--sd-h) 75% 78%); }
.dark .sd-num { color: hsl(var(--sd-h) 75% 78%); }
.dark .sd-article-summary { border-left-color: hsl(var(--sd-h) 60% 62%); }
.dark .sd-article-summary h5 { background: hsl(var(--sd-h) 38% 22%); color: #f5f5f5; }
.dark .sd-article-summary h5 small { color: #d6d6d6; }
.dark .sd-details { color: #d6d6d6; }
.dark .sd-notice { background: #3a2f10; color: #ffe7a3; border-color: #8a6d1f; }
.dark .sd-stale-note { background: #132a4a; color: #d5e6ff; border-color: #3d6cb0; }
.dark .sd-warning { color: #ffc46b; }
.dark #sd-toast { background: #f3f4f6; color: #111; }
@media (max-width: 900px) {
  .sd-results.sd-both, .sd-results.sd-single .sd-pair { grid-template-columns: minmax(0, 1fr); }
}
"""

_STRINGS = {
    lang: {key: t(lang, key) for key in ("copied", "copy_failed", "confirm_replace", "page_title")}
    for lang in LANGS
}

JS = """
() => {
  const STRINGS = __STRINGS__;
  const current = () => (document.documentElement.lang === "en" ? "en" : "vi");
  const say = (key) => STRINGS[current()][key];

  window.sdSetLang = (lang) => {
    lang = lang === "en" ? "en" : "vi";
    document.documentElement.lang = lang;
    document.title = STRINGS[lang].page_title;
    const url = new URL(window.location.href);
    if (lang === "vi") url.searchParams.delete("lang"); else url.searchParams.set("lang", lang);
    window.history.replaceState(window.history.state, "", url);
  };

  const toast = (message) => {
    let box = document.getElementById("sd-toast");
    if (!box) {
      box = document.createElement("div");
      box.id = "sd-toast";
      box.setAttribute("role", "status");
      document.body.appendChild(box);
    }
    box.textContent = message;
    box.hidden = false;
    clearTimeout(box.sdTimer);
    box.sdTimer = setTimeout(() => { box.hidden = true; }, 2500);
  };

  const fallbackCopy = (text) => {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    let done = false;
    try { done = document.execCommand("copy"); } catch (error) { done = false; }
    area.remove();
    return done;
  };

  window.sdCopy = async (text) => {
    text = (text || "").trim();
    if (!text) return false;
    let done = false;
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
        done = true;
      }
    } catch (error) { done = false; }
    if (!done) done = fallbackCopy(text);
    toast(say(done ? "copied" : "copy_failed"));
    return done;
  };

  window.sdConfirmReplace = (text) =>
    !(text || "").trim() || window.confirm(say("confirm_replace"));

  window.sdScrollToResults = () => {
    const target = document.getElementById("results");
    if (target) target.scrollIntoView({ block: "start" });
  };

  window.sdDownload = async () => {
    for (let i = 0; i < 50; i++) {
      const link = document.querySelector("#export-file a[href]");
      if (link && link.href !== window.sdLastExport) {
        window.sdLastExport = link.href;
        link.click();
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  document.addEventListener("click", (event) => {
    const button = event.target.closest(".sd-copy");
    if (!button) return;
    const text = button.closest(".sd-article-summary")?.querySelector(".sd-text");
    if (text) window.sdCopy(text.innerText);
  });
}
""".replace("__STRINGS__", json.dumps(_STRINGS, ensure_ascii=False))
