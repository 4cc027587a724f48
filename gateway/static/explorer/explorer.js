// The account gateway's GraphiQL page (served with the page's Content-Security-Policy: no
// inline script, so this file does what the page needs). Settings come from the page's
// <script type="application/json" id="explorer-config"> block.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("explorer-config").textContent);
  var params = new URLSearchParams(window.location.search);
  // Only the (public) storefront key may come from the URL; an admin key never belongs in one.
  var baseHeaders = config.admin
    ? { Authorization: "Bearer paste your admin key here" }
    : { "X-Storefront-Key": params.get("key") || "paste your storefront key here" };
  var headersText = JSON.stringify(baseHeaders, null, 2);
  var CHECKOUT_ID = "<checkout id>";
  // What earlier answers gave: the session of the last sign-in, the last checkout's id.
  var remembered = { session: null, checkoutId: null, adminAuthorization: null };
  var ADMIN_PLACEHOLDER = baseHeaders.Authorization;

  function scan(value) {
    if (!value || typeof value !== "object") return;
    if (Array.isArray(value)) { value.forEach(scan); return; }
    if (value.session && typeof value.session.token === "string") {
      remembered.session = value.session.token;
    }
    if (value.checkout && typeof value.checkout.id === "string") {
      remembered.checkoutId = value.checkout.id;
    }
    Object.keys(value).forEach(function (key) { scan(value[key]); });
  }

  function fillVariables(variables) {
    if (!variables || !remembered.checkoutId) return variables;
    var out = {};
    Object.keys(variables).forEach(function (key) {
      out[key] = variables[key] === CHECKOUT_ID ? remembered.checkoutId : variables[key];
    });
    return out;
  }

  // GraphiQL can send the previous tab's operationName when Run follows a tab switch closely
  // (its operation facts are parsed after the editor changes). A name the document does not
  // define is stale: with one operation in the document, run that one.
  function currentOperationName(graphQLParams) {
    var name = graphQLParams.operationName;
    var query = graphQLParams.query || "";
    var defined = [];
    var pattern = /(?:^|[\s}])(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/g;
    var match;
    while ((match = pattern.exec(query)) !== null) defined.push(match[1]);
    if (name && defined.indexOf(name) === -1 && defined.length === 1) return defined[0];
    return name;
  }

  async function fetcher(graphQLParams, options) {
    var headers = Object.assign({}, (options && options.headers) || {});
    var hasAuthorization = Object.keys(headers).some(function (k) {
      return k.toLowerCase() === "authorization";
    });
    if (!config.admin && remembered.session && !hasAuthorization) {
      headers.Authorization = "Bearer " + remembered.session;
    }
    if (config.admin) {
      // The admin key pasted into one tab serves the other tabs too (kept in memory only).
      if (headers.Authorization && headers.Authorization !== ADMIN_PLACEHOLDER) {
        remembered.adminAuthorization = headers.Authorization;
      } else if (remembered.adminAuthorization) {
        headers.Authorization = remembered.adminAuthorization;
      }
    }
    headers["Content-Type"] = "application/json";
    headers.Accept = "application/graphql-response+json, application/json";
    var body = Object.assign({}, graphQLParams, {
      variables: fillVariables(graphQLParams.variables),
      operationName: currentOperationName(graphQLParams),
    });
    var response = await fetch(config.endpoint, {
      method: "POST",
      headers: headers,
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
    var result = await response.json();
    if (result && result.data) {
      if (result.data.logout && result.data.logout.errors && !result.data.logout.errors.length) {
        remembered.session = null;
      }
      scan(result.data);
    }
    return result;
  }

  // Whatever GraphiQL stores (tabs, history) keeps its headers without Authorization: an admin
  // key or a session token never lands in the browser's storage.
  function withoutAuthorization(headers) {
    var parsed;
    try { parsed = JSON.parse(headers); } catch (e) { return /bearer/i.test(headers) ? "" : headers; }
    if (!parsed || typeof parsed !== "object") return headers;
    Object.keys(parsed).forEach(function (k) {
      if (k.toLowerCase() === "authorization") delete parsed[k];
    });
    return JSON.stringify(parsed, null, 2);
  }

  function scrub(value) {
    if (Array.isArray(value)) return value.map(scrub);
    if (!value || typeof value !== "object") return value;
    var out = {};
    Object.keys(value).forEach(function (k) {
      out[k] = k === "headers" && typeof value[k] === "string"
        ? withoutAuthorization(value[k]) : scrub(value[k]);
    });
    return out;
  }

  function scrubbed(text) {
    if (typeof text !== "string" || !/authorization/i.test(text)) return text;
    try { return JSON.stringify(scrub(JSON.parse(text))); } catch (e) { return text; }
  }

  // The storefront and admin explorers share an origin: keep their tabs and history apart.
  function namespaced(prefix) {
    var store = window.localStorage;
    return {
      getItem: function (key) { return store.getItem(prefix + key); },
      setItem: function (key, value) { store.setItem(prefix + key, scrubbed(value)); },
      removeItem: function (key) { store.removeItem(prefix + key); },
      clear: function () {
        Object.keys(store).forEach(function (key) {
          if (key.indexOf(prefix) === 0) store.removeItem(key);
        });
      },
      get length() {
        return Object.keys(store).filter(function (key) { return key.indexOf(prefix) === 0; }).length;
      },
    };
  }

  var tabs = config.tabs.map(function (tab) {
    return { query: tab.query, variables: tab.variables, headers: headersText };
  });
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultEditorToolsVisibility: true,
      headers: headersText,
      defaultTabs: tabs,
      shouldPersistHeaders: false,
      storage: namespaced(config.admin ? "gateway-admin:" : "gateway-storefront:"),
    })
  );
})();
