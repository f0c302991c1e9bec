// The API half of IBM's docs ("Setting up the API", 2017-2019), typed in the
// browser as the page writes it: curl against the docs' own hosts (the
// endpoint map sends them to the sandbox), jq to pick the fields, shell
// variables in between.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openTerminal, screen, waitForScreen, typeLine } from './browser.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const FORM = '-H "Content-Type: application/x-www-form-urlencoded" -H "Accept: application/json"';
const APIKEY_GRANT = 'urn:ibm:params:oauth:grant-type:apikey';
const DELEGATED_GRANT = 'urn:ibm:params:oauth:grant-type:delegated-refresh-token';

/** Types `line`, then an echo of a marker, and waits for the marker. */
async function step(page, line, n) {
  await typeLine(page, line);
  await typeLine(page, `echo "done-${n} $?"`);
  const text = await waitForScreen(page, (s) => new RegExp(`^done-${n} \\d+$`, 'm').test(s), 15000);
  const m = text.match(new RegExp(`^done-${n} (\\d+)$`, 'm'));
  return { text, status: Number(m[1]) };
}

test('the docs API steps: token, account, regions, clusters, kube id token, cluster API', async () => {
  const { page, context, errors } = await openTerminal(browser);
  let n = 0;
  const ok = async (line) => {
    const r = await step(page, line, ++n);
    assert.equal(r.status, 0, `${line}\n${r.text}`);
    return r.text;
  };
  // 1. An IAM token for the API key, on the 2018 doc's host.
  await ok(`TOKEN=$(curl -s -X POST ${FORM} -H "Authorization: Basic Yng6Yng=" -d "grant_type=${APIKEY_GRANT}&apikey=demo-apikey" https://iam.bluemix.net/identity/token)`);
  await ok('ACCESS=$(echo "$TOKEN" | jq -r .access_token); REFRESH=$(echo "$TOKEN" | jq -r .refresh_token)');
  let text = await ok('echo "$TOKEN" | jq -r .token_type');
  assert.match(text, /^Bearer$/m);
  // 2. The account id.
  text = await ok('curl -s -H "Authorization: Bearer $ACCESS" -H "Accept: application/json" https://accountmanagement.ng.bluemix.net/v1/accounts | jq -r \'.resources[] | "\\(.metadata.guid) \\(.entity.name)"\'');
  assert.match(text, /^b3c8a1d2e4f5061728394a5b6c7d8e9f Demo Account$/m);
  // 3. Regions and the clusters of one.
  text = await ok('curl -s -H "Authorization: Bearer $ACCESS" -H "X-Auth-Refresh-Token: $REFRESH" https://containers.bluemix.net/v1/regions | jq -r \'.regions[].alias\'');
  assert.match(text, /^us-south$/m);
  await ok('REGION=$(curl -s -H "Authorization: Bearer $ACCESS" -H "X-Auth-Refresh-Token: $REFRESH" https://containers.bluemix.net/v1/regions | jq -r \'.regions[] | select(.alias == "us-south") | .name\')');
  text = await ok('curl -s -H "Authorization: Bearer $ACCESS" -H "X-Auth-Refresh-Token: $REFRESH" -H "X-Region: $REGION" https://containers.bluemix.net/v1/clusters | jq -r \'.[] | "\\(.name) \\(.id)"\'');
  assert.match(text, /^mycluster \S+$/m);
  await ok('ID=$(curl -s -H "Authorization: Bearer $ACCESS" -H "X-Auth-Refresh-Token: $REFRESH" -H "X-Region: $REGION" https://containers.bluemix.net/v1/clusters | jq -r \'.[0].id\')');
  text = await ok('URL=$(curl -s -H "Authorization: $ACCESS" -H "X-Auth-Refresh-Token: $REFRESH" -H "X-Region: $REGION" https://containers.bluemix.net/v1/clusters/$ID | jq -r .publicServiceEndpointURL); echo "$URL"');
  assert.match(text, /^https:\/\/\S+\.containers\.cloud\.ibm\.com:\d+$/m);
  // 4. The delegated refresh token for the kube client, then its id token.
  await ok(`DRT=$(curl -s -X POST ${FORM} -H "Authorization: Basic Yng6Yng=" -d "delegated_refresh_token_expiry=600&receiver_client_ids=kube&response_type=delegated_refresh_token&refresh_token=$REFRESH&grant_type=refresh_token" https://iam.bluemix.net/identity/token | jq -r .delegated_refresh_token)`);
  await ok(`ID_TOKEN=$(curl -s -X POST ${FORM} -H "Authorization: Basic a3ViZTprdWJl" -d "refresh_token=$DRT&grant_type=${DELEGATED_GRANT}" https://iam.bluemix.net/identity/token | jq -r .id_token)`);
  // 5. The cluster's API with the id token (-k as the doc says).
  text = await ok('curl -sk -H "Authorization: Bearer $ID_TOKEN" "$URL/api/v1/namespaces" | jq -r \'.items[].metadata.name\'');
  assert.match(text, /^default$/m);
  assert.match(text, /^kube-system$/m);
  // -v masks the token; history masks what was typed.
  text = await ok('curl -sv -o ns.json -H "Authorization: Bearer $ID_TOKEN" "$URL/version"');
  assert.match(text, /> Authorization: Bearer \[redacted\]/);
  text = await ok('echo "id token: ${#ID_TOKEN} characters"');
  assert.match(text, /^id token: \d{3,} characters$/m);
  // Every token stayed in a variable: no JWT was ever printed.
  assert.ok(!(await screen(page)).includes('eyJ'), 'a token must not be on screen');
  await typeLine(page, 'curl -s -d apikey=SECRETKEY -u apikey:SECRETPW https://iam.bluemix.net/identity/token > /dev/null; history | tail -n 3');
  text = await waitForScreen(page, (s) => /apikey=\*\*\*\*/.test(s.split('history | tail')[1] ?? ''));
  assert.ok(!text.split('history | tail')[1].includes('SECRETKEY'));
  assert.ok(!text.split('history | tail')[1].includes('SECRETPW'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('curl errors and jq errors in the browser', async () => {
  const { page, context } = await openTerminal(browser);
  let r = await step(page, 'curl -sS https://example.invalid/', 1);
  assert.match(r.text, /^curl: \(6\) Could not resolve host: example\.invalid$/m);
  assert.equal(r.status, 6);
  r = await step(page, 'curl --bogus https://iam.cloud.ibm.com/', 2);
  assert.match(r.text, /^curl: option --bogus: is unknown$/m);
  assert.equal(r.status, 2);
  r = await step(page, 'curl -sSf https://iam.cloud.ibm.com/identity/nope', 3);
  assert.match(r.text, /^curl: \(22\) The requested URL returned error: 404$/m);
  assert.equal(r.status, 22);
  r = await step(page, "echo '{\"a\":1}' | jq '.a[]'", 4);
  assert.match(r.text, /^jq: error \(at <stdin>:1\): Cannot iterate over number \(1\)$/m);
  assert.equal(r.status, 5);
  r = await step(page, "echo '{\"a\":[1,2]}' | jq .", 5);
  assert.match(r.text, /^\{\n {2}"a": \[\n {4}1,\n {4}2\n {2}\]\n\}$/m);
  // Ctrl-C reaches an endless filter.
  await typeLine(page, "jq -n 'repeat(1)' > /dev/null");
  await page.waitForTimeout(500);
  await page.keyboard.press('Control+C');
  await typeLine(page, 'echo "after-$?"');
  await waitForScreen(page, (s) => /^after-130$/m.test(s));
  await context.close();
});
