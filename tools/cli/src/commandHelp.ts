/** What `civicgraph <command> --help` prints: usage, what it does, an example that runs as written. */
export const COMMAND_HELP: Readonly<Record<string, string>> = {
  start: `civicgraph start

Migrates the five databases (embedded PGlite under CIVICGRAPH_DATA_DIR, or the *_DATABASE_URLs), seeds an
empty city with CIVICGRAPH_SEED_PERSONS residents and the demo scenarios, then serves the subgraphs and the
gateway until SIGINT/SIGTERM. Prints the demo keys and a call to try.

Example:
  CIVICGRAPH_SEED_PERSONS=2000 npx civicgraph start`,
  migrate: `civicgraph migrate

Applies pending migrations to every database, embedded or PostgreSQL; safe to run twice.

Example:
  npx civicgraph migrate`,
  seed: `civicgraph seed [--persons N] [--seed S] [--defects SHARE]

Generates a coherent city (residents, addresses, legal entities, signed licenses) into empty databases.
The same seed and size give the same city on every machine. Then breaks SHARE (default
CIVICGRAPH_SEED_DEFECTS, 0.001) of the records of each defect class on purpose — duplicates, wrong check
characters, orphan license holders, stale statuses, mismatched names, missing values, deceased holders,
mismatched districts — so quality runs have something to find; 0 breaks nothing.

Example:
  npx civicgraph seed --persons 100000 --seed 7`,
  compose: `civicgraph compose [--check]

Composes schema/*.graphql into schema/supergraph.graphql; --check fails when the committed supergraph is
stale or a field lacks @catalog.

Example:
  npx civicgraph compose --check`,
  'catalog:export': `civicgraph catalog:export [--list catalog|negative|responsibility|demand|tables|open] [--format json|csv]

Writes the resource catalog, one of the three lists, the table catalog, or the open list (开放清单; as JSON,
a DCAT-AP catalog in JSON-LD) to stdout.

Example:
  npx civicgraph catalog:export --list negative --format csv`,
  'context-key': `civicgraph context-key --out DIR

Writes new context keys: DIR/context-signing-key.pem, the gateways' Ed25519 private key
(CONTEXT_SIGNING_KEY_FILE, readable by its owner only), DIR/context-signing-key.pub.pem, the subgraphs'
public key (CONTEXT_PUBLIC_KEY_FILE), and DIR/context-binding.<subgraph>.key, each subgraph's binding key
(its CONTEXT_BINDING_KEY_FILE, readable by its owner only). Never overwrites a key. See the README's key
rotation.

Example:
  npx civicgraph context-key --out /etc/civicgraph/keys/2027-01`,
  changes: `civicgraph changes [--births N] [--deaths N] [--moves N] [--deregistrations N] [--revocations N]

Makes registry changes in the demo city, each in its owner's database (whose outbox takes it for the change
feeds): births to resident mothers, deaths of residents over 70, moves of residence, deregistered companies,
revoked licenses. Beside a running npm start on the embedded databases it asks the server (operators' token).

Example:
  npx civicgraph changes --deaths 1 --revocations 2`,
  'feeds listen': `civicgraph feeds listen --port P [--secret whsec_…] [--count N]

A local webhook endpoint on 127.0.0.1:P (default 9000) for developing against change feeds: checks each
delivery's Ed25519 signatures against the running platform's keys (GET /feeds/keys) and, with --secret, the
subscription's HMAC signature with the Standard Webhooks reference library; prints each event (one JSON line)
and answers 204, or refuses with 401. With --count, it stops after N events.

Example:
  npx civicgraph feeds listen --port 9000 --secret "$SECRET"`,
  'webhook-key': `civicgraph webhook-key

Adds an Ed25519 key to the data folder's webhook-signing keys; from the next start every key there signs each
webhook (a v1a signature each) and GET /feeds/keys publishes it. Remove the old key's file once consumers trust
the new public key.

Example:
  npx civicgraph webhook-key`,
  'demo:key': `civicgraph demo:key --scenario S

Prints the API key npm start issued to the demo application of scenario S, read from the data folder's
demo-credentials.json; --scenario admin prints the demo administrator's.

Example:
  KEY=$(npx civicgraph demo:key --scenario district-office)`,
  'admin:key': `civicgraph admin:key [--name NAME]

Creates an administrator application bound to the admin scenario and prints its API key, once (only its
hash is stored).

Example:
  npx civicgraph admin:key --name "Ops: Li Wei"`,
  'audit verify': `civicgraph audit verify [--anchors FILE]

Checks every audit hash chain (the request log and each owner's disclosure log); exit 1 naming the first
edited, deleted or reordered record. Each line names the chain's head: keep the output somewhere the
databases' administrators cannot write (anchoring). With --anchors, a file of such earlier lines, every
anchored head must still be in its chain, which catches a chain rewritten whole, head included.

Example:
  npx civicgraph audit verify | tee -a /mnt/notary/civicgraph-heads.txt
  npx civicgraph audit verify --anchors /mnt/notary/civicgraph-heads.txt`,
  'grants check': `civicgraph grants check

Finds stored grants that give back a value read masked (an ID number beside the birth date), per scenario
and per application across its scenarios; exit 1 when any.

Example:
  npx civicgraph grants check`,
  'grants unused': `civicgraph grants unused --scenario S [--days N]

Through the running gateway's admin API (CIVICGRAPH_ADMIN_KEY, CIVICGRAPH_URL): the grants the scenario's
applications never used in N days (default 90), proposed for removal with what still needs them, and each
application's requests, refusals and rows; exit 1 when there is something to remove.

Example:
  CIVICGRAPH_ADMIN_KEY=cg_… npx civicgraph grants unused --scenario district-office --days 30`,
  'quality run': `civicgraph quality run [--format text|json|csv]

Through the running gateway's admin API (CIVICGRAPH_ADMIN_KEY, CIVICGRAPH_URL): asks the platform's quality
supervisor for a run now (or follows the one already waiting or running), shows its progress on stderr, and
prints the report by department when it ends. Exit 1 when the run failed, with the reason.

Example:
  CIVICGRAPH_ADMIN_KEY=cg_… npx civicgraph quality run`,
  'quality report': `civicgraph quality report [--run ID] [--by department|database|table|item|dimension] [--format text|json|csv]

Through the admin API: the GB/T 36344 / DB31/T 1523 rates of the newest finished run (or run ID) — records
passed over records checked, per dimension — grouped as asked, and the worst rules.

Example:
  CIVICGRAPH_ADMIN_KEY=cg_… npx civicgraph quality report --by table --format csv > quality.csv`,
  'quality issues': `civicgraph quality issues [--department D] [--state open|acknowledged|fixed|verified|disputed] [--overdue] [--format text|json|csv]

Through the admin API: the quality issues handed to the departments accountable for the items, oldest due
first, with their state, deadline (working days) and failing record counts.

Example:
  CIVICGRAPH_ADMIN_KEY=cg_… npx civicgraph quality issues --department SH-PSB --overdue`,
  'operations register': `civicgraph operations register --scenario S FILE...

Through the running gateway's admin API (CIVICGRAPH_ADMIN_KEY, CIVICGRAPH_URL): registers a client's
operations for a scenario, from a persisted-documents manifest ({ "<sha256>": "<document>" }, as GraphQL
Code Generator's client preset writes it with hashAlgorithm sha256) or .graphql files.

Example:
  CIVICGRAPH_ADMIN_KEY=cg_… npx civicgraph operations register --scenario district-office persisted-documents.json`,
  'staff add': `civicgraph staff add --username U --role ROLE... [--name DISPLAY_NAME] [--oidc-subject SUB]

Creates a governance console account on the governance database (with the embedded database, while npm
start is stopped). ROLE: admin, auditor, reviewer:DEPT, steward:DEPT or developer:DEPT[:APP_ID,...]; give
--role once per role. The password (12 characters at least) is read from standard input, never from the
command line; with --oidc-subject the account signs in only through the OpenID Connect provider in
CIVICGRAPH_OIDC_ISSUER, as that subject.

Example:
  echo 'a long passphrase of yours' | npx civicgraph staff add --username wang.fang --name 王芳 --role reviewer:SH-PSB`,
  staff: `civicgraph staff add|grant|disable|list [--username U] [--role ROLE...]

The governance console's people: add an account (see staff add --help), grant it more roles, disable it (its
sessions end at once), or list accounts with their roles.

Example:
  npx civicgraph staff grant --username wang.fang --role steward:SH-PSB`,
  token: `civicgraph token --id-number N [--ttl SECONDS]

Mints a subject token (X-Subject-Token) for a citizen from the development identity provider whose key
npm start keeps in CIVICGRAPH_DATA_DIR (default one hour; the gateway refuses longer-lived tokens).

Example:
  TOKEN=$(npx civicgraph token --id-number 310101199003071230)`,
  'migration:create': `civicgraph migration:create --name NAME [--db DB]

Writes a migration for each database whose schema.prisma changed (or only DB), through Prisma's schema
engine; no server needed.

Example:
  npx civicgraph migration:create --name add_person_email --db population`,
};

/** The help of `command` (with its subcommand, for audit, grants and operations), if there is one. */
export function helpFor(command: string, subcommand: string | undefined): string | undefined {
  return COMMAND_HELP[subcommand && !subcommand.startsWith('-') ? `${command} ${subcommand}` : command] ?? COMMAND_HELP[command];
}
