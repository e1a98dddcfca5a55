/* The Gegevens page's upload (dashboard/pages/data.py): the files dropped on dcc.Upload are posted as
   multipart to the upload route with the session's CSRF token; the browser then opens the upload's page.
   Data URLs are turned into Blobs here (no fetch of data: URLs, which the CSP's connect-src refuses). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  wijkwaarde_upload: {
    send: async function (contents, names, token, url) {
      if (!contents || !contents.length) {
        return window.dash_clientside.no_update;
      }
      const form = new FormData();
      contents.forEach(function (dataUrl, i) {
        const comma = dataUrl.indexOf(",");
        const binary = atob(dataUrl.slice(comma + 1));
        const bytes = new Uint8Array(binary.length);
        for (let j = 0; j < binary.length; j++) {
          bytes[j] = binary.charCodeAt(j);
        }
        form.append("bestanden", new Blob([bytes]), names[i]);
      });
      let answer;
      try {
        answer = await fetch(url, {
          method: "POST",
          body: form,
          credentials: "same-origin",
          headers: { "X-CSRF-Token": token, Accept: "application/json" },
        });
      } catch (e) {
        return "De upload is niet aangekomen: controleer de verbinding en probeer het opnieuw.";
      }
      let body = {};
      try {
        body = await answer.json();
      } catch (e) {
        body = { error: "De upload is geweigerd (" + answer.status + ")." };
      }
      if (body.redirect) {
        window.location.assign(body.redirect);
        return "";
      }
      return body.error || "De upload is geweigerd (" + answer.status + ").";
    },
  },
});
