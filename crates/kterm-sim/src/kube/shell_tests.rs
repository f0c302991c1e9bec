use super::*;

fn container() -> Container {
    Container {
        pod: "web-1".into(),
        namespace: "default".into(),
        name: "web".into(),
        image: "nginx:1.27".into(),
        env: vec![("GREETING".into(), "hi there".into())],
    }
}

fn argv(s: &[&str]) -> Vec<String> {
    s.iter().map(|x| x.to_string()).collect()
}

fn text(steps: &[Step]) -> (String, String, Option<i32>) {
    let (mut o, mut e, mut x) = (String::new(), String::new(), None);
    for s in steps {
        match s {
            Step::Stdout(b) => o.push_str(&String::from_utf8_lossy(b)),
            Step::Stderr(b) => e.push_str(&String::from_utf8_lossy(b)),
            Step::Exit(n) => x = Some(*n),
            Step::NoSuchProgram(p) => e.push_str(&format!("<no {p}>")),
        }
    }
    (o, e, x)
}

#[test]
fn one_shot_commands() {
    let cases: &[(&[&str], &str, &str, i32)] = &[
        (&["cat", "/etc/hostname"], "web-1\n", "", 0),
        (&["hostname"], "web-1\n", "", 0),
        (&["echo", "a", "b"], "a b\n", "", 0),
        (&["sh", "-c", "echo $GREETING; exit 3"], "hi there\n", "", 3),
        (&["sh", "-c", "false && echo no"], "", "", 1),
        (&["sh", "-c", "nope"], "", "sh: nope: not found\n", 127),
        (
            &["cat", "/nope"],
            "",
            "cat: can't open '/nope': No such file or directory\n",
            1,
        ),
        (
            &["ls", "/var/run/secrets/kubernetes.io/serviceaccount"],
            "namespace\n",
            "",
            0,
        ),
        (&["sh", "-c", "cd /etc && pwd"], "/etc\n", "", 0),
        (
            &[
                "cat",
                "/var/run/secrets/kubernetes.io/serviceaccount/namespace",
            ],
            "default",
            "",
            0,
        ),
        (&["foo"], "", "<no foo>", -1),
    ];
    for (a, out, err, code) in cases {
        let mut s = Session::new(container(), false);
        let (o, e, x) = text(&s.start(&argv(a)));
        assert_eq!(
            (o.as_str(), e.as_str(), x.unwrap_or(-1)),
            (*out, *err, *code),
            "{a:?}"
        );
    }
}

#[test]
fn os_release_follows_the_image() {
    let mut s = Session::new(container(), false);
    assert!(text(&s.start(&argv(&["cat", "/etc/os-release"])))
        .0
        .contains("Debian GNU/Linux 12"));
    let mut alpine = container();
    alpine.image = "icr.io/demo/api:2.4.1".into();
    let mut s = Session::new(alpine, false);
    assert!(text(&s.start(&argv(&["cat", "/etc/os-release"])))
        .0
        .contains("Alpine Linux"));
}

#[test]
fn shell_from_a_pipe() {
    let mut s = Session::new(container(), false);
    assert_eq!(
        text(&s.start(&argv(&["sh"]))),
        (String::new(), String::new(), None)
    );
    let (o, _, x) = text(&s.input(b"echo one\nech"));
    assert_eq!((o.as_str(), x), ("one\n", None));
    let (o, _, x) = text(&s.input(b"o two\n"));
    assert_eq!((o.as_str(), x), ("two\n", None));
    assert_eq!(text(&s.eof()).2, Some(0));
}

#[test]
fn cat_copies_stdin_until_eof() {
    let mut s = Session::new(container(), false);
    assert!(s.start(&argv(&["cat"])).is_empty());
    assert_eq!(s.input(b"abc"), vec![Step::Stdout(b"abc".to_vec())]);
    assert_eq!(s.eof(), vec![Step::Exit(0)]);
}

#[test]
fn terminal_echo_editing_and_exit() {
    let mut s = Session::new(container(), true);
    s.size = (120, 40);
    let (o, _, _) = text(&s.start(&argv(&["sh"])));
    assert_eq!(o, "root@web-1:/# ");
    let (o, _, _) = text(&s.input(b"hostnamx\x7fe\r"));
    assert_eq!(o, "hostnamx\x08 \x08e\r\nweb-1\r\nroot@web-1:/# ");
    let (o, _, _) = text(&s.input(b"\x1b[Astty size\r"));
    assert_eq!(o, "stty size\r\n40 120\r\nroot@web-1:/# ");
    let (o, _, x) = text(&s.input(b"exit 4\r"));
    assert_eq!((o.as_str(), x), ("exit 4\r\n", Some(4)));
    assert!(s.input(b"more").is_empty());
}

#[test]
fn ctrl_d_ends_a_terminal_shell() {
    let mut s = Session::new(container(), true);
    s.start(&argv(&["bash"]));
    let (o, _, x) = text(&s.input(b"\x04"));
    assert_eq!((o.as_str(), x), ("exit\r\n", Some(0)));
}
