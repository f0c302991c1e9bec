#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! kterm's kubectl write verbs against the sandbox over real HTTP, with
//! exact output: apply (client- and server-side), create, patch, label,
//! annotate, scale, delete, and their errors.

mod common;

use common::{sh, table, Term};

const DEMO: &str = "cat > demo.yaml <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: demo
  labels: {app: demo}
spec:
  replicas: 2
  selector:
    matchLabels: {app: demo}
  template:
    metadata:
      labels: {app: demo}
    spec:
      containers:
      - name: demo
        image: nginx:1.27
EOF";

const CONFLICT_HELP: &str =
    "Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the `--force-conflicts` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts
";

#[tokio::test(flavor = "current_thread")]
async fn apply_create_configure_unchanged() {
    let Term {
        mut shell, host, ..
    } = Term::logged_in().await;
    assert_eq!(sh(&mut shell, &host, DEMO).await.2, 0);
    let conflict = format!("error: Apply failed with 1 conflict: conflict with \"kubectl\" with subresource \"scale\" using apps/v1: .spec.replicas\n{CONFLICT_HELP}");
    table(
        &mut shell,
        &host,
        &[
            ("kubectl apply -f demo.yaml", "deployment.apps/demo created\n", "", 0),
            ("kubectl apply -f demo.yaml", "deployment.apps/demo unchanged\n", "", 0),
            ("cat demo.yaml | grep -v replicas: > d4.yaml && echo '  replicas: 4' >> d4.yaml && mv d4.yaml demo.yaml && kubectl apply -f demo.yaml", "deployment.apps/demo configured\n", "", 0),
            // The first "replicas" is the spec's (status follows it).
            ("kubectl get deploy demo -o json | grep '\"replicas\"' | head -n 1", "        \"replicas\": 4,\n", "", 0),
            ("kubectl apply -f demo.yaml -o name", "deployment.apps/demo\n", "", 0),
            ("kubectl apply -f demo.yaml --dry-run=server", "deployment.apps/demo unchanged (server dry run)\n", "", 0),
            (
                "kubectl apply -f - <<'EOF'\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: one}\ndata: {a: '1'}\n---\napiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ServiceAccount, metadata: {name: two}}\nEOF",
                "configmap/one created\nserviceaccount/two created\n",
                "",
                0,
            ),
            ("mkdir m && cp demo.yaml m/ && echo 'not: [yaml' > m/notes.txt && kubectl apply -f m", "deployment.apps/demo unchanged\n", "", 0),
            ("kubectl apply -f ghost.yaml", "", "error: the path \"ghost.yaml\" does not exist\n", 1),
            ("kubectl apply", "", "error: must specify one of -f and -k\n", 1),
            ("echo '' | kubectl apply -f -", "", "error: no objects passed to apply\n", 1),
            ("kubectl scale deploy demo --replicas=5", "deployment.apps/demo scaled\n", "", 0),
            ("kubectl apply --server-side -f demo.yaml", "", conflict.as_str(), 1),
            ("kubectl apply --server-side --force-conflicts -f demo.yaml", "deployment.apps/demo serverside-applied\n", "", 0),
            (
                "kubectl apply --server-side -f - <<'EOF'\n{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"ssa\"}, \"data\": {\"k\": \"v\"}}\nEOF",
                "configmap/ssa serverside-applied\n",
                "",
                0,
            ),
            ("kubectl apply -f demo.yaml -n kube-system -o name", "deployment.apps/demo\n", "", 0),
            (
                "kubectl apply -f - <<'EOF'\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nEOF",
                "",
                "error: resource mapping not found for name: \"w\" namespace: \"\" from \"STDIN\": no matches for kind \"Widget\" in version \"example.com/v1\"\nensure CRDs are installed first\n",
                1,
            ),
        ],
    )
    .await;
    // The annotation holds the configuration as kubectl writes it.
    let (out, _, _) = sh(&mut shell, &host, "kubectl get cm one -o json").await;
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["metadata"]["annotations"]["kubectl.kubernetes.io/last-applied-configuration"],
        "{\"apiVersion\":\"v1\",\"data\":{\"a\":\"1\"},\"kind\":\"ConfigMap\",\"metadata\":{\"annotations\":{},\"name\":\"one\",\"namespace\":\"default\"}}\n"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn create_patch_label_scale_delete() {
    let Term {
        mut shell, host, ..
    } = Term::logged_in().await;
    table(
        &mut shell,
        &host,
        &[
            ("kubectl create namespace team-a", "namespace/team-a created\n", "", 0),
            ("kubectl create namespace team-a", "", "Error from server (AlreadyExists): namespaces \"team-a\" already exists\n", 1),
            ("kubectl create deployment shop --image=nginx:1.27 --replicas=2 -n team-a", "deployment.apps/shop created\n", "", 0),
            ("kubectl create configmap cfg --from-literal=a=1 --from-literal=b=2", "configmap/cfg created\n", "", 0),
            ("kubectl create secret generic pw --from-literal=password=s3cret", "secret/pw created\n", "", 0),
            ("kubectl create serviceaccount bot", "serviceaccount/bot created\n", "", 0),
            ("kubectl get secret pw -o json | grep czNjcmV0 | wc -l", "1\n", "", 0),
            ("kubectl create deployment nope", "", "error: required flag(s) \"image\" not set\n", 1),
            (
                "echo 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}' > cfg.yaml && kubectl create -f cfg.yaml",
                "",
                "Error from server (AlreadyExists): error when creating \"cfg.yaml\": configmaps \"cfg\" already exists\n",
                1,
            ),
            ("kubectl patch -n team-a deploy shop -p '{\"spec\":{\"replicas\":3}}'", "deployment.apps/shop patched\n", "", 0),
            ("kubectl patch -n team-a deploy shop -p '{\"spec\":{\"replicas\":3}}'", "deployment.apps/shop patched (no change)\n", "", 0),
            ("kubectl patch -n team-a deploy/shop --type json -p '[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":1}]'", "deployment.apps/shop patched\n", "", 0),
            ("kubectl patch -n team-a deploy shop --type merge -p 'metadata: {labels: {tier: web}}'", "deployment.apps/shop patched\n", "", 0),
            (
                "kubectl patch -n team-a deploy shop -p '{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx:1.28\"}]}}}}'",
                "deployment.apps/shop patched\n",
                "",
                0,
            ),
            ("kubectl get -n team-a deploy shop -o json | grep -c '\"image\": \"nginx:1.28\"'", "1\n", "", 0),
            (
                "kubectl patch -n team-a deploy shop --type json -p '[{\"op\":\"remove\",\"path\":\"/spec/nope\"}]'",
                "",
                // kube-apiserver's generic 422 for a patch that does not apply.
                "The request is invalid: the server rejected our request due to an error in our request\n",
                1,
            ),
            ("kubectl patch -n team-a deploy shop -p '{\"spec\":{\"replicas\":-1}}'", "", "The Deployment \"shop\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n", 1),
            ("kubectl patch -n team-a deploy shop --type foo -p '{}'", "", "error: --type must be one of [json merge strategic], not \"foo\"\n", 1),
            ("kubectl patch -n team-a deploy shop", "", "error: must specify --patch or --patch-file containing the contents of the patch\n", 1),
            ("kubectl label cm cfg owner=me", "configmap/cfg labeled\n", "", 0),
            ("kubectl label cm cfg owner=you", "", "error: 'owner' already has a value (me), and --overwrite is false\n", 1),
            ("kubectl label cm cfg owner=you --overwrite", "configmap/cfg labeled\n", "", 0),
            ("kubectl label cm/cfg owner-", "configmap/cfg unlabeled\n", "", 0),
            ("kubectl annotate cm cfg note='hello there'", "configmap/cfg annotated\n", "", 0),
            ("kubectl annotate cm cfg note=bye", "", "error: --overwrite is false but found the following declared annotation(s): 'note' already has a value (hello there)\n", 1),
            ("kubectl delete pod -l app=nope", "No resources found\n", "", 0),
            ("kubectl scale cm cfg --replicas=1", "", "Error from server (NotFound): the server could not find the requested resource\n", 1),
            ("kubectl scale -n team-a deployment/shop --replicas=4", "deployment.apps/shop scaled\n", "", 0),
            ("kubectl scale -n team-a deploy shop --replicas=2 --current-replicas=3", "", "error: Expected replicas to be 3, was 4\n", 1),
            ("kubectl scale -n team-a deploy shop", "", "error: required flag(s) \"replicas\" not set\n", 1),
            ("kubectl delete cm cfg", "configmap \"cfg\" deleted from default namespace\n", "", 0),
            ("kubectl delete cm cfg", "", "Error from server (NotFound): configmaps \"cfg\" not found\n", 1),
            ("kubectl delete cm cfg --ignore-not-found", "", "", 0),
            ("kubectl delete secret/pw serviceaccount/bot", "secret \"pw\" deleted from default namespace\nserviceaccount \"bot\" deleted from default namespace\n", "", 0),
            ("kubectl delete deploy -n team-a -l app=shop -o name", "deployment.apps/shop\n", "", 0),
            ("kubectl delete ns team-a --now", "namespace \"team-a\" deleted\n", "", 0),
            ("kubectl delete pods", "", "error: resource(s) were provided, but no name was specified\n", 1),
            ("kubectl delete", "", "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n", 1),
        ],
    )
    .await;
}

/// A throwaway self-signed certificate and its key, written to the session.
const TLS_FILES: &str = concat!(
    "cat > tls.crt <<'EOF'\n",
    include_str!("fixtures/tls.crt"),
    "EOF\ncat > tls.key <<'EOF'\n",
    include_str!("fixtures/tls.key"),
    "EOF"
);

#[tokio::test(flavor = "current_thread")]
async fn create_generators() {
    let Term {
        mut shell, host, ..
    } = Term::logged_in().await;
    table(
        &mut shell,
        &host,
        &[
            ("kubectl create role reader --verb=get,list --resource=pods,deploy", "role.rbac.authorization.k8s.io/reader created\n", "", 0),
            ("kubectl create role reader --verb=get --resource=pods", "", "Error from server (AlreadyExists): roles.rbac.authorization.k8s.io \"reader\" already exists\n", 1),
            ("kubectl get role reader -o jsonpath='{.rules[*].apiGroups}'", "[\"\"] [\"apps\"]", "", 0),
            ("kubectl create rolebinding read --role=reader --user=jane --serviceaccount=default:bot", "rolebinding.rbac.authorization.k8s.io/read created\n", "", 0),
            ("kubectl create rolebinding read --role=reader", "", "error: failed to create rolebinding: rolebindings.rbac.authorization.k8s.io \"read\" already exists\n", 1),
            ("kubectl get rolebinding read -o jsonpath='{.subjects[*].name}'", "jane bot", "", 0),
            ("kubectl create clusterrole healthz --verb=get --non-resource-url=/healthz -o name", "clusterrole.rbac.authorization.k8s.io/healthz\n", "", 0),
            ("kubectl create clusterrolebinding healthz --clusterrole=healthz --group=system:authenticated", "clusterrolebinding.rbac.authorization.k8s.io/healthz created\n", "", 0),
            ("kubectl create quota small --hard=pods=2.5,cpu=1000m", "resourcequota/small created\n", "", 0),
            ("kubectl get quota small -o jsonpath='{.spec.hard.cpu} {.spec.hard.pods}'", "1 2500m", "", 0),
            ("kubectl create pdb web --selector=app=web --min-available=1", "poddisruptionbudget.policy/web created\n", "", 0),
            ("kubectl create pdb web --selector=app=web --min-available=1", "", "error: failed to create poddisruptionbudgets: poddisruptionbudgets.policy \"web\" already exists\n", 1),
            ("kubectl create priorityclass high --value=1000 --description=urgent", "priorityclass.scheduling.k8s.io/high created\n", "", 0),
            ("kubectl create service clusterip web2 --tcp=80:8080 --dry-run=server", "service/web2 created (server dry run)\n", "", 0),
            ("kubectl get svc web2", "", "Error from server (NotFound): services \"web2\" not found\n", 1),
            ("kubectl create service clusterip web2 --tcp=80:8080", "service/web2 created\n", "", 0),
            ("kubectl create service clusterip web2 --tcp=80:8080", "", "error: failed to create ClusterIP service: services \"web2\" already exists\n", 1),
            (
                "kubectl create secret docker-registry icr --docker-server=us.icr.io --docker-username=iamapikey --docker-password=KEY",
                "secret/icr created\n",
                "",
                0,
            ),
            ("kubectl get secret icr -o jsonpath='{.type}'", "kubernetes.io/dockerconfigjson", "", 0),
            ("kubectl create secret docker-registry icr --docker-username=u --docker-password=p", "", "error: failed to create secret secrets \"icr\" already exists\n", 1),
            (
                "kubectl create ns dr --dry-run -o name 2>&1 | cut -d] -f2-",
                " --dry-run is deprecated and can be replaced with --dry-run=client.\nnamespace/dr\n",
                "",
                0,
            ),
            ("echo x > c.pem && kubectl create secret tls t --cert=c.pem --key=c.pem", "", "error: tls: failed to find any PEM data in certificate input\n", 1),
            (TLS_FILES, "", "", 0),
            // Names as kubectl 1.37 hashes the same data.
            ("kubectl create secret tls t --cert=tls.crt --key=tls.key --append-hash -o name", "secret/t-28bb9626tc\n", "", 0),
            ("kubectl create secret tls t --cert=tls.crt --key=tls.crt", "", "error: tls: failed to find PEM block with type ending in \"PRIVATE KEY\" in key input after skipping PEM blocks of the following types: [CERTIFICATE]\n", 1),
            ("kubectl create secret tls t --cert=tls.crt", "", "error: key and cert must be specified\n", 1),
            (
                "printf 'A=1\\n# c\\n  B=two=2\\n' > e.env && kubectl create cm envs --from-env-file=e.env --dry-run=client -o yaml",
                "apiVersion: v1\ndata:\n  A: \"1\"\n  B: two=2\nkind: ConfigMap\nmetadata:\n  name: envs\n",
                "",
                0,
            ),
            ("mkdir d && echo hi > d/one && echo yo > d/two.txt && kubectl create cm c --from-file=d --from-literal=z=1 --append-hash --dry-run=client -o name", "configmap/c-m7d4d77cdf\n", "", 0),
            ("kubectl create cm c --from-file=k=d", "", "error: cannot give a key name for a directory path\n", 1),
            ("kubectl create cm c --from-env-file=e.env --from-literal=a=b", "", "error: from-env-file cannot be combined with from-file or from-literal\n", 1),
            ("kubectl create cm c --from-env-file=d", "", "error: env config file cannot be a directory\n", 1),
            ("kubectl create secret generic s --from-env-file=nope.env", "", "error: error reading nope.env: no such file or directory\n", 1),
            ("kubectl create cm c --from-file=d/one --from-literal=one=x", "", "error: cannot add key \"one\", another key by that name already exists in Data for ConfigMap \"c\"\n", 1),
            ("kubectl create cronjob nightly --image=busybox --schedule='0 3 * * *'", "cronjob.batch/nightly created\n", "", 0),
            ("kubectl create job manual --from=cronjob/nightly", "job.batch/manual created\n", "", 0),
            ("kubectl get job manual -o jsonpath='{.metadata.annotations} {.metadata.ownerReferences[0].kind}'", "{\"cronjob.kubernetes.io/instantiate\":\"manual\"} CronJob", "", 0),
            ("kubectl create job x --from=deploy/web", "", "error: unknown object type *v1.Deployment\n", 1),
            ("kubectl create token ghost", "", "error: failed to create token: serviceaccounts \"ghost\" not found\n", 1),
            // The token is masked in -v traces (the JWT starts eyJ).
            ("kubectl create token default -v 8 2>&1 >/dev/null | grep -c eyJ", "0\n", "", 1),
            ("kubectl create token default -v 8 2>&1 >/dev/null | grep -c 'Response Body'", "1\n", "", 0),
            ("kubectl create token default | cut -d. -f1", "eyJhbGciOiJIUzI1NiIsImtpZCI6Imt0ZXJtLXNhbmRib3gifQ\n", "", 0),
            ("kubectl create token default --audience=api -o yaml | grep -e '- api'", "  - api\n", "", 0),
        ],
    )
    .await;
}

#[tokio::test(flavor = "current_thread")]
async fn manifest_decode_errors() {
    let Term {
        mut shell, host, ..
    } = Term::logged_in().await;
    // The texts of kubectl 1.37 on the same files.
    table(
        &mut shell,
        &host,
        &[
            (
                "printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: x\\n data: 1\\n' > b1.yaml && kubectl create -f b1.yaml",
                "",
                "error: error parsing b1.yaml: error converting YAML to JSON: yaml: line 4: did not find expected key\n",
                1,
            ),
            (
                "printf '{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\",\\n \"metadata\": {\"name\": \"x\"\\n' > b2.json && kubectl apply -f b2.json",
                "",
                "error: error parsing b2.json: unexpected EOF\n",
                1,
            ),
            (
                "printf 'a: b\\nb: [c\\nd: e\\n' | kubectl create -f -",
                "",
                "error: error parsing STDIN: error converting YAML to JSON: yaml: line 2: did not find expected ',' or ']'\n",
                1,
            ),
            (
                "printf 'a: b: c\\n' | kubectl apply -f -",
                "",
                "error: error parsing STDIN: error converting YAML to JSON: yaml: mapping values are not allowed in this context\n",
                1,
            ),
            (
                "printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n\\tname: x\\n' | kubectl create -f -",
                "",
                "error: error parsing STDIN: error converting YAML to JSON: yaml: line 4: found character that cannot start any token\n",
                1,
            ),
            (
                "printf 'a: \"b\\n' | kubectl create -f -",
                "",
                "error: error parsing STDIN: error converting YAML to JSON: yaml: line 2: found unexpected end of stream\n",
                1,
            ),
            (
                "printf 'a: *x\\n' | kubectl create -f -",
                "",
                "error: error parsing STDIN: error converting YAML to JSON: yaml: unknown anchor 'x' referenced\n",
                1,
            ),
        ],
    )
    .await;
}

#[tokio::test(flavor = "current_thread")]
async fn patch_bodies() {
    let Term {
        mut shell, host, ..
    } = Term::logged_in().await;
    // kubectl 1.37's texts: a patch not starting with `{` is read as YAML
    // (go-yaml's errors), one that does goes to the server as it is.
    table(
        &mut shell,
        &host,
        &[
            ("kubectl create cm pt --from-literal=a=b", "configmap/pt created\n", "", 0),
            ("kubectl patch cm pt -p '[1'", "", "error: unable to parse \"[1\": yaml: line 1: did not find expected ',' or ']'\n", 1),
            ("kubectl patch cm pt -p 'a: b: c'", "", "error: unable to parse \"a: b: c\": yaml: mapping values are not allowed in this context\n", 1),
            ("kubectl patch cm pt --type merge -p 'a: \"b'", "", "error: unable to parse \"a: \\\"b\": yaml: found unexpected end of stream\n", 1),
            ("kubectl patch cm pt -p ''", "", "error: must specify --patch or --patch-file containing the contents of the patch\n", 1),
            ("kubectl patch cm pt -p '{\"data\":{\"q\":\"1\"}}' --dry-run=server", "configmap/pt patched\n", "", 0),
            ("kubectl patch cm pt -p '{\"data\":{\"a\":\"b\"}}' --dry-run=server", "configmap/pt patched (no change)\n", "", 0),
            ("kubectl get cm pt -o jsonpath='{.data}'", "{\"a\":\"b\"}", "", 0),
            // --dry-run=client: kubectl applies the patch itself.
            ("kubectl patch cm pt -p '{\"data\":{\"a\":\"c\"}}' --dry-run=client -o jsonpath='{.data.a}'", "c", "", 0),
            ("kubectl patch cm pt -p null --dry-run=client", "configmap/pt patched (no change)\n", "", 0),
            ("kubectl patch cm pt -p '{bad' --dry-run=client", "", "error: invalid JSON document\n", 1),
            ("kubectl patch cm pt --type merge -p '- a' --dry-run=client", "", "error: json: cannot unmarshal array into Go value of type unstructured.detector\n", 1),
            ("kubectl patch cm pt --type json -p '{\"a\": }' --dry-run=client", "", "error: invalid character '}' looking for beginning of value\n", 1),
            ("kubectl patch cm pt --type json -p '[{\"op\":\"remove\",\"path\":\"/nope\"}]' --dry-run=client", "", "error: error in remove for path: '/nope': Unable to remove nonexistent key: nope: missing value\n", 1),
            ("kubectl patch cm pt --type json -p '[{\"op\":\"replace\",\"path\":\"/data/a\",\"value\":\"z\"}]' --dry-run=client -o jsonpath='{.data.a}'", "z", "", 0),
        ],
    )
    .await;
}
