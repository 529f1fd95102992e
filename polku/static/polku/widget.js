/* Polku feedback widget: <script src=".../static/polku/widget.js" data-survey="ID" async></script>
   Adds a feedback button that opens the survey in a dialog. No cookies, no other hosts. */
(function () {
  var me = document.currentScript;
  if (!me || !me.getAttribute("data-survey")) return;
  var base = new URL(me.src, location.href).origin;
  var id = encodeURIComponent(me.getAttribute("data-survey"));
  var lang = (me.getAttribute("data-lang") || document.documentElement.lang || "fi").slice(0, 2);
  var words = {
    fi: ["Anna palautetta", "Sulje"], sv: ["Ge respons", "Stäng"], en: ["Feedback", "Close"]
  }[lang] || ["Feedback", "Close"];
  var label = me.getAttribute("data-label") || words[0];
  var color = me.getAttribute("data-color") || "#0b5d6b";
  var dialog;

  function css(el, rules) { for (var k in rules) el.style[k] = rules[k]; return el; }

  function open() {
    if (!dialog) {
      dialog = css(document.createElement("dialog"), {
        padding: "0", border: "0", borderRadius: "8px", width: "min(34rem, 96vw)",
        height: "min(44rem, 90vh)", boxShadow: "0 8px 30px rgba(0,0,0,.3)"
      });
      dialog.setAttribute("aria-label", label);
      var close = css(document.createElement("button"), {
        position: "absolute", top: ".4rem", right: ".4rem", font: "inherit",
        padding: ".3rem .7rem", border: "1px solid #666", borderRadius: "4px",
        background: "#fff", color: "#1b232c", cursor: "pointer"
      });
      close.type = "button";
      close.textContent = words[1];
      close.onclick = function () { dialog.close(); };
      var frame = css(document.createElement("iframe"), {
        width: "100%", height: "100%", border: "0"
      });
      frame.title = label;
      frame.src = base + "/s/" + id + "/?src=widget&lang=" + encodeURIComponent(lang);
      dialog.appendChild(frame);
      dialog.appendChild(close);
      document.body.appendChild(dialog);
    }
    dialog.showModal();
  }

  function mount() {
    var button = css(document.createElement("button"), {
      position: "fixed", right: "1rem", bottom: "1rem", zIndex: "2147483000",
      padding: ".7rem 1.1rem", border: "0", borderRadius: "999px", background: color,
      color: "#fff", font: "600 15px system-ui, sans-serif", cursor: "pointer",
      boxShadow: "0 2px 10px rgba(0,0,0,.25)"
    });
    button.type = "button";
    button.className = "polku-feedback";
    button.setAttribute("aria-haspopup", "dialog");
    button.textContent = label;
    button.onclick = open;
    document.body.appendChild(button);
  }

  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
})();
