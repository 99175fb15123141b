import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { RouteHandler } from '@civicgraph/server';

/** A file of an installed package, by its path inside the package (React's UMD builds are not in its exports). */
function packageFile(name: string, file: string): string {
  return readFileSync(path.join(path.dirname(require.resolve(`${name}/package.json`)), file), 'utf8');
}

/**
 * Starts GraphiQL with the headers the page's fragment names (`#key=…&scenario=…&useReason=…&subjectToken=…&query=…`):
 * a fragment never leaves the browser, so the key is in no request line or server log. Headers are not
 * persisted in the browser's storage.
 */
const START = `(function () {
  var hash = new URLSearchParams(location.hash.slice(1));
  var headers = { Authorization: 'Bearer ' + (hash.get('key') || '<your API key>') };
  if (hash.get('scenario')) headers['X-Scenario'] = hash.get('scenario');
  // Browsers send header values in Latin-1 only: the use reason goes percent-encoded, as the gateway accepts it.
  if (hash.get('useReason')) headers['X-Use-Reason'] = encodeURIComponent(hash.get('useReason'));
  if (hash.get('subjectToken')) headers['X-Subject-Token'] = hash.get('subjectToken');
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(
    React.createElement(GraphiQL, {
      // The fetcher's own headers too, so the schema is introspected with them from the first load; what the
      // header editor says wins.
      fetcher: GraphiQL.createFetcher({ url: location.origin + '/graphql', headers: headers }),
      defaultHeaders: JSON.stringify(headers, null, 2),
      defaultEditorToolsVisibility: 'headers',
      shouldPersistHeaders: false,
      // The scenario's terms are the schema's description: ask for it in the introspection.
      schemaDescription: true,
      defaultQuery: hash.get('query') || '# Your scenario\\'s schema is in the documentation pane (the book icon).\\n',
    }),
  );
})();
`;

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>CivicGraph — GraphiQL</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="/ide/graphiql.css" />
    <style>body { margin: 0; } #graphiql { height: 100vh; }</style>
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL…</div>
    <script src="/ide/react.js"></script>
    <script src="/ide/react-dom.js"></script>
    <script src="/ide/graphiql.js"></script>
    <script src="/ide/start.js"></script>
  </body>
</html>
`;

// Everything from this origin: no CDN, no telemetry. GraphiQL sets styles inline.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'";

function serve(body: string, type: string, headers: Record<string, string> = {}): RouteHandler {
  const bytes = Buffer.from(body);
  return async (_req, res) => {
    res.writeHead(200, { 'content-type': type, 'content-length': bytes.length, 'x-content-type-options': 'nosniff', ...headers });
    res.end(bytes);
  };
}

/**
 * The gateway's offline IDE: GraphiQL and React from the project's own npm packages, served from this
 * origin. Its docs pane shows the caller's scenario's schema (introspection answers from it, each field
 * described with what applies to it in the scenario).
 */
export function ideRoutes(): { page: RouteHandler; assets: Record<string, RouteHandler> } {
  const page = serve(PAGE, 'text/html; charset=utf-8', { 'content-security-policy': CSP, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
  const script = 'text/javascript; charset=utf-8';
  return {
    page,
    assets: {
      '/ide/react.js': serve(packageFile('react', 'umd/react.production.min.js'), script),
      '/ide/react-dom.js': serve(packageFile('react-dom', 'umd/react-dom.production.min.js'), script),
      '/ide/graphiql.js': serve(packageFile('graphiql', 'graphiql.min.js'), script),
      '/ide/graphiql.css': serve(packageFile('graphiql', 'graphiql.min.css'), 'text/css; charset=utf-8'),
      '/ide/start.js': serve(START, script),
    },
  };
}

/** `GET /graphql` from a browser (HTML accepted, no query) is the IDE; everything else is GraphQL. */
export function withIde(graphql: RouteHandler, page: RouteHandler): RouteHandler {
  return (req: IncomingMessage, res: ServerResponse) => {
    const wantsPage = req.method === 'GET' && (req.headers.accept ?? '').includes('text/html') && !/[?&]query=/.test(req.url ?? '');
    return wantsPage ? page(req, res) : graphql(req, res);
  };
}
