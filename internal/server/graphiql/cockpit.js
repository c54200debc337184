// Starts GraphiQL against Cockpit's own /graphql. Every asset comes from
// this server, so the page works without internet. Headers typed into the
// headers pane, e.g. {"Authorization": "Bearer <token>"}, go with every
// request, the schema introspection included; they are kept in this
// browser's local storage only if the user switches that on.
(function () {
  var fetcher = GraphiQL.createFetcher({
    url: new URL('/graphql', window.location.href).toString(),
    headers: { Accept: 'application/graphql-response+json, application/json' },
  });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultEditorToolsVisibility: 'headers',
    shouldPersistHeaders: false,
    defaultQuery: '# Put {"Authorization": "Bearer <token>"} in the headers pane below\n' +
      '# (go run ./cmd/cockpit token --person EMAIL mints a development token).\n\n' +
      '{\n  viewer {\n    person { name }\n  }\n}\n',
  }));
})();
