//! The printers against Helm 3's own recorded output: the fixtures of
//! helm/helm's `cmd/helm/*_test.go` (v3.21.4) rebuilt as release JSON,
//! and the expected text written from its `testdata/output/*` golden
//! files, byte for byte (no Helm binary installs from the registries
//! this project can reach, so Helm's recordings are the oracle).

use serde_json::{json, Value};

use crate::cmd;
use crate::flags::{parse, Flag};
use crate::release::Release;

fn args(line: &str, flags: &[Flag]) -> crate::flags::Parsed {
    let words: Vec<String> = line.split_whitespace().map(String::from).collect();
    parse(&words, flags).unwrap()
}

/// `list_test.go`'s releases: chickadee-1.0.0, at 1452902400 + n seconds.
fn list_fixture() -> Vec<Release> {
    let rel = |name: &str, version: i64, ns: &str, secs: i64, status: &str| {
        let t = crate::gotime::GoTime::parse(&format!("2016-01-16T00:00:0{secs}Z")).unwrap();
        Release::from_value(json!({
            "name": name,
            "info": {"first_deployed": "", "last_deployed": t.rfc3339(), "deleted": "", "status": status},
            "chart": {"metadata": {"name": "chickadee", "version": "1.0.0", "appVersion": "0.0.1"}},
            "version": version,
            "namespace": ns,
        }))
    };
    vec![
        rel("starlord", 1, "default", 1, "superseded"),
        rel("starlord", 2, "default", 1, "deployed"),
        rel("groot", 1, "default", 1, "uninstalled"),
        rel("gamora", 1, "default", 1, "superseded"),
        rel("rocket", 1, "default", 2, "failed"),
        rel("drax", 1, "default", 1, "uninstalling"),
        rel("thanos", 1, "default", 1, "pending-install"),
        rel("hummingbird", 1, "default", 3, "deployed"),
        rel("iguana", 2, "default", 4, "deployed"),
    ]
}

const HEAD: &str = "NAME       \tNAMESPACE\tREVISION\tUPDATED                      \tSTATUS  \tCHART          \tAPP VERSION\n";
const HUMMINGBIRD: &str = "hummingbird\tdefault  \t1       \t2016-01-16 00:00:03 +0000 UTC\tdeployed\tchickadee-1.0.0\t0.0.1      \n";
const IGUANA: &str = "iguana     \tdefault  \t2       \t2016-01-16 00:00:04 +0000 UTC\tdeployed\tchickadee-1.0.0\t0.0.1      \n";
const ROCKET: &str = "rocket     \tdefault  \t1       \t2016-01-16 00:00:02 +0000 UTC\tfailed  \tchickadee-1.0.0\t0.0.1      \n";
const STARLORD: &str = "starlord   \tdefault  \t2       \t2016-01-16 00:00:01 +0000 UTC\tdeployed\tchickadee-1.0.0\t0.0.1      \n";

#[test]
fn list_goldens() {
    let list_txt = [HEAD, HUMMINGBIRD, IGUANA, ROCKET, STARLORD].concat();
    let cases: Vec<(&str, String)> = vec![
        ("", list_txt.clone()),
        ("--filter=.*", list_txt),
        (
            "--all",
            "NAME       \tNAMESPACE\tREVISION\tUPDATED                      \tSTATUS         \tCHART          \tAPP VERSION\n\
             drax       \tdefault  \t1       \t2016-01-16 00:00:01 +0000 UTC\tuninstalling   \tchickadee-1.0.0\t0.0.1      \n\
             gamora     \tdefault  \t1       \t2016-01-16 00:00:01 +0000 UTC\tsuperseded     \tchickadee-1.0.0\t0.0.1      \n\
             groot      \tdefault  \t1       \t2016-01-16 00:00:01 +0000 UTC\tuninstalled    \tchickadee-1.0.0\t0.0.1      \n\
             hummingbird\tdefault  \t1       \t2016-01-16 00:00:03 +0000 UTC\tdeployed       \tchickadee-1.0.0\t0.0.1      \n\
             iguana     \tdefault  \t2       \t2016-01-16 00:00:04 +0000 UTC\tdeployed       \tchickadee-1.0.0\t0.0.1      \n\
             rocket     \tdefault  \t1       \t2016-01-16 00:00:02 +0000 UTC\tfailed         \tchickadee-1.0.0\t0.0.1      \n\
             starlord   \tdefault  \t2       \t2016-01-16 00:00:01 +0000 UTC\tdeployed       \tchickadee-1.0.0\t0.0.1      \n\
             thanos     \tdefault  \t1       \t2016-01-16 00:00:01 +0000 UTC\tpending-install\tchickadee-1.0.0\t0.0.1      \n"
                .into(),
        ),
        ("--date", [HEAD, STARLORD, ROCKET, HUMMINGBIRD, IGUANA].concat()),
        ("--date --reverse", [HEAD, IGUANA, HUMMINGBIRD, ROCKET, STARLORD].concat()),
        ("--reverse", [HEAD, STARLORD, ROCKET, IGUANA, HUMMINGBIRD].concat()),
        ("--max 1", [HEAD, HUMMINGBIRD].concat()),
        (
            "--offset 1",
            "NAME    \tNAMESPACE\tREVISION\tUPDATED                      \tSTATUS  \tCHART          \tAPP VERSION\n\
             iguana  \tdefault  \t2       \t2016-01-16 00:00:04 +0000 UTC\tdeployed\tchickadee-1.0.0\t0.0.1      \n\
             rocket  \tdefault  \t1       \t2016-01-16 00:00:02 +0000 UTC\tfailed  \tchickadee-1.0.0\t0.0.1      \n\
             starlord\tdefault  \t2       \t2016-01-16 00:00:01 +0000 UTC\tdeployed\tchickadee-1.0.0\t0.0.1      \n"
                .into(),
        ),
        (
            "--failed",
            "NAME  \tNAMESPACE\tREVISION\tUPDATED                      \tSTATUS\tCHART          \tAPP VERSION\n\
             rocket\tdefault  \t1       \t2016-01-16 00:00:02 +0000 UTC\tfailed\tchickadee-1.0.0\t0.0.1      \n"
                .into(),
        ),
        (
            "--pending",
            "NAME  \tNAMESPACE\tREVISION\tUPDATED                      \tSTATUS         \tCHART          \tAPP VERSION\n\
             thanos\tdefault  \t1       \t2016-01-16 00:00:01 +0000 UTC\tpending-install\tchickadee-1.0.0\t0.0.1      \n"
                .into(),
        ),
        (
            "--superseded",
            "NAME    \tNAMESPACE\tREVISION\tUPDATED                      \tSTATUS    \tCHART          \tAPP VERSION\n\
             gamora  \tdefault  \t1       \t2016-01-16 00:00:01 +0000 UTC\tsuperseded\tchickadee-1.0.0\t0.0.1      \n\
             starlord\tdefault  \t1       \t2016-01-16 00:00:01 +0000 UTC\tsuperseded\tchickadee-1.0.0\t0.0.1      \n"
                .into(),
        ),
        (
            "--uninstalled",
            "NAME \tNAMESPACE\tREVISION\tUPDATED                      \tSTATUS     \tCHART          \tAPP VERSION\n\
             groot\tdefault  \t1       \t2016-01-16 00:00:01 +0000 UTC\tuninstalled\tchickadee-1.0.0\t0.0.1      \n"
                .into(),
        ),
        (
            "--uninstalling",
            "NAME\tNAMESPACE\tREVISION\tUPDATED                      \tSTATUS      \tCHART          \tAPP VERSION\n\
             drax\tdefault  \t1       \t2016-01-16 00:00:01 +0000 UTC\tuninstalling\tchickadee-1.0.0\t0.0.1      \n"
                .into(),
        ),
        (
            "--no-headers",
            "hummingbird\tdefault\t1\t2016-01-16 00:00:03 +0000 UTC\tdeployed\tchickadee-1.0.0\t0.0.1\n\
             iguana     \tdefault\t2\t2016-01-16 00:00:04 +0000 UTC\tdeployed\tchickadee-1.0.0\t0.0.1\n\
             rocket     \tdefault\t1\t2016-01-16 00:00:02 +0000 UTC\tfailed  \tchickadee-1.0.0\t0.0.1\n\
             starlord   \tdefault\t2\t2016-01-16 00:00:01 +0000 UTC\tdeployed\tchickadee-1.0.0\t0.0.1\n"
                .into(),
        ),
        ("--short", "hummingbird\niguana\nrocket\nstarlord\n".into()),
        (
            "--short --output yaml",
            "- hummingbird\n- iguana\n- rocket\n- starlord\n".into(),
        ),
        (
            "--short --output json",
            "[\"hummingbird\",\"iguana\",\"rocket\",\"starlord\"]\n".into(),
        ),
    ];
    for (line, want) in cases {
        let p = args(line, cmd::list::SUB.flags);
        let got = cmd::list::print(list_fixture(), &p).unwrap();
        assert_eq!(got, want, "helm list {line}");
    }
}

/// `release.Mock`: chart foo-0.1.0-beta.1 (app 1.0), deployed on
/// 242085845 (1977-09-02T22:04:05Z), values `name: value`, one
/// pre-install hook.
fn mock(name: &str, version: i64, status: &str) -> Release {
    Release::from_value(json!({
        "name": name,
        "info": {
            "first_deployed": "1977-09-02T22:04:05Z",
            "last_deployed": "1977-09-02T22:04:05Z",
            "deleted": "",
            "description": "Release mock",
            "status": status,
            "notes": "Some mock release notes!",
        },
        "chart": {
            "metadata": {
                "name": "foo",
                "version": "0.1.0-beta.1",
                "appVersion": "1.0",
                "annotations": {"category": "web-apps", "supported": "true"},
                "dependencies": [
                    {"name": "cool-plugin", "version": "1.0.0", "repository": "https://coolplugin.io/charts", "condition": "coolPlugin.enabled", "enabled": true},
                    {"name": "crds", "version": "2.7.1", "repository": "", "condition": "crds.enabled"},
                ],
            },
            "lock": null,
            "templates": [],
            "values": null,
            "schema": null,
            "files": null,
        },
        "config": {"name": "value"},
        "manifest": "apiVersion: v1\nkind: Secret\nmetadata:\n  name: fixture\n",
        "hooks": [{
            "name": "pre-install-hook",
            "kind": "Job",
            "path": "pre-install-hook.yaml",
            "manifest": "apiVersion: v1\nkind: Job\nmetadata:\n  annotations:\n    \"helm.sh/hook\": pre-install\n",
            "events": ["pre-install"],
            "last_run": {"started_at": "", "completed_at": "", "phase": ""},
        }],
        "version": version,
        "namespace": "default",
    }))
}

#[test]
fn history_goldens() {
    let four = || {
        vec![
            mock("angry-bird", 4, "deployed"),
            mock("angry-bird", 3, "superseded"),
            mock("angry-bird", 2, "superseded"),
            mock("angry-bird", 1, "superseded"),
        ]
    };
    let two = || {
        vec![
            mock("angry-bird", 4, "deployed"),
            mock("angry-bird", 3, "superseded"),
        ]
    };
    const HEAD: &str = "REVISION\tUPDATED                 \tSTATUS    \tCHART           \tAPP VERSION\tDESCRIPTION \n";
    let row = |n: i64, status: &str| {
        format!("{n}       \tFri Sep  2 22:04:05 1977\t{status:<10}\tfoo-0.1.0-beta.1\t1.0        \tRelease mock\n")
    };
    let cases: Vec<(&str, Vec<Release>, String)> = vec![
        (
            "",
            four(),
            [
                HEAD.to_string(),
                row(1, "superseded"),
                row(2, "superseded"),
                row(3, "superseded"),
                row(4, "deployed"),
            ]
            .concat(),
        ),
        (
            "--max 2",
            four(),
            [HEAD.to_string(), row(3, "superseded"), row(4, "deployed")].concat(),
        ),
        (
            "--output yaml",
            two(),
            "- app_version: \"1.0\"\n  chart: foo-0.1.0-beta.1\n  description: Release mock\n  revision: 3\n  status: superseded\n  updated: \"1977-09-02T22:04:05Z\"\n- app_version: \"1.0\"\n  chart: foo-0.1.0-beta.1\n  description: Release mock\n  revision: 4\n  status: deployed\n  updated: \"1977-09-02T22:04:05Z\"\n".into(),
        ),
        (
            "--output json",
            two(),
            "[{\"revision\":3,\"updated\":\"1977-09-02T22:04:05Z\",\"status\":\"superseded\",\"chart\":\"foo-0.1.0-beta.1\",\"app_version\":\"1.0\",\"description\":\"Release mock\"},{\"revision\":4,\"updated\":\"1977-09-02T22:04:05Z\",\"status\":\"deployed\",\"chart\":\"foo-0.1.0-beta.1\",\"app_version\":\"1.0\",\"description\":\"Release mock\"}]\n".into(),
        ),
    ];
    for (line, rels, want) in cases {
        let p = args(line, cmd::history::SUB.flags);
        assert_eq!(cmd::history::print(rels, &p), want, "helm history {line}");
    }
}

/// `status_test.go`'s release: flummoxed-chickadee, revision 0,
/// deployed at 1452902400.
fn chickadee(info: Value, hooks: Value) -> Release {
    let mut info = info;
    info["last_deployed"] = json!("2016-01-16T00:00:00Z");
    info["first_deployed"] = json!("");
    info["deleted"] = json!("");
    Release::from_value(json!({
        "name": "flummoxed-chickadee",
        "info": info,
        "chart": {"metadata": {"name": "name", "version": "1.2.3", "appVersion": "3.2.1"}},
        "hooks": hooks,
        "namespace": "default",
    }))
}

#[test]
fn status_goldens() {
    use cmd::status::{table, Show};
    const BASE: &str = "NAME: flummoxed-chickadee\nLAST DEPLOYED: Sat Jan 16 00:00:00 2016\nNAMESPACE: default\nSTATUS: deployed\nREVISION: 0\n";
    let plain = chickadee(json!({"status": "deployed"}), Value::Null);
    assert_eq!(
        table(&plain, &Show::default()),
        format!("{BASE}TEST SUITE: None\n")
    );
    let desc = chickadee(
        json!({"status": "deployed", "description": "Mock description"}),
        Value::Null,
    );
    let show_desc = Show {
        description: true,
        ..Show::default()
    };
    assert_eq!(
        table(&desc, &show_desc),
        format!("{BASE}DESCRIPTION: Mock description\nTEST SUITE: None\n")
    );
    let notes = chickadee(
        json!({"status": "deployed", "notes": "release notes"}),
        Value::Null,
    );
    assert_eq!(
        table(&notes, &Show::default()),
        format!("{BASE}TEST SUITE: None\nNOTES:\nrelease notes\n")
    );
    assert_eq!(
        crate::output::json(&notes.status_json()),
        "{\"name\":\"flummoxed-chickadee\",\"info\":{\"first_deployed\":\"\",\"last_deployed\":\"2016-01-16T00:00:00Z\",\"deleted\":\"\",\"status\":\"deployed\",\"notes\":\"release notes\"},\"namespace\":\"default\"}\n"
    );
    let run =
        |s: &str, c: &str, phase: &str| json!({"started_at": s, "completed_at": c, "phase": phase});
    let suite = chickadee(
        json!({"status": "deployed"}),
        json!([
            {"name": "never-run-test", "events": ["test"], "last_run": run("", "", "")},
            {"name": "passing-test", "events": ["test"], "last_run": run("2006-01-02T15:04:05Z", "2006-01-02T15:04:07Z", "Succeeded")},
            {"name": "failing-test", "events": ["test"], "last_run": run("2006-01-02T15:10:05Z", "2006-01-02T15:10:07Z", "Failed")},
            {"name": "passing-pre-install", "events": ["pre-install"], "last_run": run("2006-01-02T15:00:05Z", "2006-01-02T15:00:07Z", "Succeeded")},
        ]),
    );
    assert_eq!(
        table(&suite, &Show::default()),
        format!("{BASE}TEST SUITE:     passing-test\nLast Started:   Mon Jan  2 15:04:05 2006\nLast Completed: Mon Jan  2 15:04:07 2006\nPhase:          Succeeded\nTEST SUITE:     failing-test\nLast Started:   Mon Jan  2 15:10:05 2006\nLast Completed: Mon Jan  2 15:10:07 2006\nPhase:          Failed\n")
    );
}

#[test]
fn get_all_golden() {
    let r = mock("thomas-guide", 1, "deployed");
    let show = cmd::status::Show {
        debug: true,
        metadata: true,
        ..Default::default()
    };
    assert_eq!(
        cmd::status::table(&r, &show),
        "NAME: thomas-guide\nLAST DEPLOYED: Fri Sep  2 22:04:05 1977\nNAMESPACE: default\nSTATUS: deployed\nREVISION: 1\nCHART: foo\nVERSION: 0.1.0-beta.1\nAPP_VERSION: 1.0\nTEST SUITE: None\nUSER-SUPPLIED VALUES:\nname: value\n\nCOMPUTED VALUES:\nname: value\n\nHOOKS:\n---\n# Source: pre-install-hook.yaml\napiVersion: v1\nkind: Job\nmetadata:\n  annotations:\n    \"helm.sh/hook\": pre-install\n\nMANIFEST:\napiVersion: v1\nkind: Secret\nmetadata:\n  name: fixture\n\nNOTES:\nSome mock release notes!\n"
    );
}

#[test]
fn get_metadata_goldens() {
    let r = mock("thomas-guide", 1, "deployed");
    assert_eq!(
        cmd::get_metadata::table(&r),
        "NAME: thomas-guide\nCHART: foo\nVERSION: 0.1.0-beta.1\nAPP_VERSION: 1.0\nANNOTATIONS: category=web-apps,supported=true\nDEPENDENCIES: cool-plugin,crds\nNAMESPACE: default\nREVISION: 1\nSTATUS: deployed\nDEPLOYED_AT: 1977-09-02T22:04:05Z\n"
    );
    let v = cmd::get_metadata::metadata(&r);
    assert_eq!(
        crate::output::json(&v),
        "{\"name\":\"thomas-guide\",\"chart\":\"foo\",\"version\":\"0.1.0-beta.1\",\"appVersion\":\"1.0\",\"annotations\":{\"category\":\"web-apps\",\"supported\":\"true\"},\"dependencies\":[{\"name\":\"cool-plugin\",\"version\":\"1.0.0\",\"repository\":\"https://coolplugin.io/charts\",\"condition\":\"coolPlugin.enabled\",\"enabled\":true},{\"name\":\"crds\",\"version\":\"2.7.1\",\"repository\":\"\",\"condition\":\"crds.enabled\"}],\"namespace\":\"default\",\"revision\":1,\"status\":\"deployed\",\"deployedAt\":\"1977-09-02T22:04:05Z\"}\n"
    );
    assert_eq!(
        crate::output::yaml(&v),
        "annotations:\n  category: web-apps\n  supported: \"true\"\nappVersion: \"1.0\"\nchart: foo\ndependencies:\n- condition: coolPlugin.enabled\n  enabled: true\n  name: cool-plugin\n  repository: https://coolplugin.io/charts\n  version: 1.0.0\n- condition: crds.enabled\n  name: crds\n  repository: \"\"\n  version: 2.7.1\ndeployedAt: \"1977-09-02T22:04:05Z\"\nname: thomas-guide\nnamespace: default\nrevision: 1\nstatus: deployed\nversion: 0.1.0-beta.1\n"
    );
}
