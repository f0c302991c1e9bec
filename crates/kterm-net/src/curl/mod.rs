//! `curl`: parse the line, build the request, send it through the shell's
//! client, then print as curl does (body, `-i` headers, `-w`, `-v` trace,
//! progress meter) and exit with curl's code.

mod args;
mod error;
mod output;
mod request;
mod transfer;
mod url;
mod verbose;

use kterm_http::Client;
use kterm_shell::{CmdError, CommandInfo, Ctx};

use args::{Fail, Opts};
use error::{Failure, UsageError};
use output::Info;
use transfer::Outcome;

pub const INFO: CommandInfo = CommandInfo {
    name: "curl",
    aliases: &[],
    summary: "transfer a URL (HTTP and HTTPS, through the terminal's server)",
};

const HELP: &str = "Usage: curl [options...] <url>
 -b, --cookie <data>        Send cookies from string
 -d, --data <data>          HTTP POST data
     --data-binary <data>   HTTP POST binary data
     --data-raw <data>      HTTP POST data, '@' allowed
     --data-urlencode <data> HTTP POST data URL encoded
 -D, --dump-header <file>   Write the received headers to <file>
 -f, --fail                 Fail fast with no output on HTTP errors
     --fail-with-body       Fail on HTTP errors but save the body
 -G, --get                  Put the post data in the URL and use GET
 -H, --header <header>      Pass custom header(s) to server
 -I, --head                 Show document info only
 -i, --include              Include protocol response headers in the output
 -k, --insecure             Accepted; the terminal's server verifies TLS
     --cacert <file>        Accepted; the terminal's server verifies TLS
     --json <data>          HTTP POST JSON
 -L, --location             Follow redirects
 -m, --max-time <seconds>   Maximum time allowed for the transfer
 -o, --output <file>        Write to file instead of stdout
 -O, --remote-name          Write output to a file named as the remote file
 -s, --silent               Silent mode
 -S, --show-error           Show error even when -s is used
 -u, --user <user:password> Server user and password
 -A, --user-agent <name>    Send User-Agent <name> to server
 -v, --verbose              Make the operation more talkative
 -w, --write-out <format>   Use output FORMAT after completion
 -X, --request <method>     Specify request method to use
     --compressed           Request compressed response
 -V, --version              Show version number and quit

Requests go through the terminal's server: IBM Cloud hosts reach the
sandbox (or the gateway), other hosts cannot be resolved.
";

pub struct Curl;

#[async_trait::async_trait(?Send)]
impl kterm_shell::Command for Curl {
    fn name(&self) -> &'static str {
        INFO.name
    }
    fn summary(&self) -> &'static str {
        INFO.summary
    }
    fn help(&self) -> String {
        HELP.to_string()
    }
    async fn run(&self, ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
        run(ctx).await
    }
}

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    if ctx.args.is_empty() {
        ctx.stderr.write_str(&UsageError::Empty.render());
        return Ok(2);
    }
    let opts = match args::parse(&ctx.args) {
        Ok(o) => o,
        Err(e) => {
            ctx.stderr.write_str(&e.render());
            return Ok(2);
        }
    };
    if opts.help {
        ctx.stdout.write_str(HELP);
        return Ok(0);
    }
    if opts.version {
        let v = request::VERSION;
        ctx.stdout.write_str(&format!(
            "curl {v} (kterm) libcurl/{v}\nProtocols: http https\nFeatures: alt-svc HTTP2 HTTPS-proxy IPv6 Largefile libz SSL UnixSockets\n"
        ));
        return Ok(0);
    }
    if opts.urls.is_empty() {
        ctx.stderr.write_str(&UsageError::NoUrl.render());
        return Ok(2);
    }
    let mut status = 0;
    for url in opts.urls.clone() {
        status = one(ctx, &opts, &url).await?;
    }
    Ok(status)
}

/// Where the body goes.
enum Dest {
    Stdout,
    Stderr,
    Null,
    File(String),
}

fn dest(opts: &Opts, url: &url::Url) -> Result<Dest, Failure> {
    match (&opts.output, opts.remote_name) {
        (Some(o), _) if o == "/dev/null" => Ok(Dest::Null),
        (Some(o), _) if o == "/dev/stdout" => Ok(Dest::Stdout),
        (Some(o), _) if o == "/dev/stderr" => Ok(Dest::Stderr),
        (Some(o), _) if o != "-" => Ok(Dest::File(o.clone())),
        (Some(_), _) => Ok(Dest::Stdout),
        (None, true) => {
            let name = url.file_name();
            if name.is_empty() {
                Err(Failure::new(23, "Remote file name has no length"))
            } else {
                Ok(Dest::File(name.to_string()))
            }
        }
        (None, false) => Ok(Dest::Stdout),
    }
}

fn save(ctx: &mut Ctx<'_>, name: &str, data: Vec<u8>) -> Result<(), String> {
    let path = kterm_shell::fs::resolve(&ctx.sh.cwd, name);
    let now = ctx.host.now_ms();
    ctx.sh
        .fs
        .write(&path, data, now)
        .map_err(|e| format!("Warning: Failed to open the file {name}: {e}\n"))
}

/// Prints `curl: (N) …` unless `-s` without `-S`.
fn report(ctx: &mut Ctx<'_>, opts: &Opts, f: &Failure) {
    if !opts.silent || opts.show_error {
        ctx.stderr.write_str(&f.render());
    }
}

fn write_out(ctx: &mut Ctx<'_>, opts: &Opts, info: &Info) {
    let Some(fmt) = &opts.write_out else { return };
    let fmt = match fmt.strip_prefix('@') {
        Some(file) => {
            let path = kterm_shell::fs::resolve(&ctx.sh.cwd, file);
            match ctx.sh.fs.read(&path) {
                Ok(b) => String::from_utf8_lossy(b).into_owned(),
                Err(_) => String::new(),
            }
        }
        None => fmt.clone(),
    };
    for piece in output::write_out(&fmt, info) {
        if piece.stderr {
            ctx.stderr.write_str(&piece.text);
        } else {
            ctx.stdout.write_str(&piece.text);
        }
    }
}

async fn one(ctx: &mut Ctx<'_>, opts: &Opts, raw_url: &str) -> Result<i32, CmdError> {
    let mut info = Info {
        url: raw_url.to_string(),
        url_effective: raw_url.to_string(),
        ..Info::default()
    };
    let fail = |ctx: &mut Ctx<'_>, info: &mut Info, f: Failure| {
        info.exitcode = f.code;
        info.errormsg = Some(f.message.clone());
        write_out(ctx, opts, info);
        report(ctx, opts, &f);
        Ok(f.code)
    };
    let url = match url::Url::parse(raw_url) {
        Ok(u) => u,
        Err(f) => return fail(ctx, &mut info, f),
    };
    info.url_effective = url.to_string_plain();
    info.scheme = url.scheme.clone();
    let Some(client) = ctx.sh.ext.get::<Client>().cloned() else {
        return fail(ctx, &mut info, Failure::resolve(&url.host));
    };
    let to = match dest(opts, &url) {
        Ok(d) => d,
        Err(f) => return fail(ctx, &mut info, f),
    };

    // -u name without a password: curl asks for it.
    let user = match &opts.user {
        Some(u) if !u.contains(':') => {
            let prompt = format!("Enter host password for user '{u}':");
            let pw = ctx.host.read_line(&prompt, true).await.unwrap_or_default();
            Some(format!("{u}:{pw}"))
        }
        other => other.clone(),
    };
    let stdin = ctx.stdin.clone();
    let (cwd, fs) = (ctx.sh.cwd.clone(), &ctx.sh.fs);
    let mut read = |name: &str| -> Option<Vec<u8>> {
        if name == "-" {
            return Some(stdin.clone());
        }
        fs.read(&kterm_shell::fs::resolve(&cwd, name))
            .ok()
            .map(<[u8]>::to_vec)
    };
    let (body, warnings) = request::body(opts, &mut read);
    if !opts.silent {
        for w in warnings {
            ctx.stderr.write_str(&w);
        }
    }
    let p = match request::prepare(opts, url, user.as_deref(), body) {
        Ok(p) => p,
        Err(f) => return fail(ctx, &mut info, f),
    };
    info.method = p.method.clone();
    info.url_effective = p.url.to_string_plain();
    info.size_upload = p.body.len();
    let trace = verbose::request(&p, opts.insecure, opts.cacert.is_some());
    info.size_request = trace
        .lines()
        .filter_map(|l| l.strip_prefix("> "))
        .map(|l| l.len() + 1)
        .sum::<usize>();
    if opts.verbose {
        ctx.stderr.write_str(&trace);
    }

    let start = ctx.host.now_ms();
    let answer = match transfer::send(
        &client,
        ctx.host,
        &ctx.cancel,
        &p,
        opts.location,
        opts.max_time,
    )
    .await
    {
        Outcome::Done(a) => a,
        Outcome::Cancelled => return Err(CmdError::Cancelled),
        Outcome::Failed(f) => {
            info.time_total_s = (ctx.host.now_ms() - start) as f64 / 1000.0;
            return fail(ctx, &mut info, f);
        }
    };
    info.time_total_s = (ctx.host.now_ms() - start) as f64 / 1000.0;
    info.http_code = answer.status;
    info.http_version = answer
        .version
        .strip_prefix("HTTP/")
        .unwrap_or(&answer.version)
        .to_string();
    info.content_type = header(&answer.headers, "content-type").map(str::to_string);
    info.size_download = answer.body.len();
    if (300..400).contains(&answer.status) && !opts.location {
        info.redirect_url = header(&answer.headers, "location").map(|l| absolute(&p.url, l));
    }
    let head = output::header_block(
        &answer.version,
        answer.status,
        &answer.reason,
        &answer.headers,
    );
    info.size_header = head.len();
    info.headers = answer.headers.clone();
    if let Dest::File(name) = &to {
        info.filename = Some(name.clone());
    }
    if opts.verbose {
        ctx.stderr.write_str(&verbose::response(
            &answer.version,
            answer.status,
            &answer.reason,
            &answer.headers,
        ));
    }
    match opts.dump_header.as_deref() {
        None | Some("/dev/null") => {}
        Some("-" | "/dev/stdout") => ctx.stdout.write_str(&head),
        Some(d) => {
            if let Err(w) = save(ctx, d, head.clone().into_bytes()) {
                ctx.stderr.write_str(&w);
            }
        }
    }

    let http_failed = answer.status >= 400 && opts.fail != Fail::No;
    if http_failed && opts.fail == Fail::Quiet {
        if opts.verbose {
            ctx.stderr.write_str(&verbose::done(&p.url.host));
        }
        return fail(ctx, &mut info, Failure::http(answer.status));
    }

    let mut out = Vec::new();
    if opts.include || opts.head {
        out.extend_from_slice(head.as_bytes());
    }
    if !opts.head {
        out.extend_from_slice(&answer.body);
    }
    let to_terminal = matches!(to, Dest::Stdout) && ctx.stdout_is_tty;
    if to_terminal && opts.output.is_none() && answer.body.contains(&0) {
        ctx.stderr.write_str(
            "Warning: Binary output can mess up your terminal. Use \"--output -\" to tell \n\
             Warning: curl to output it to your terminal anyway, or consider \"--output \n\
             Warning: <FILE>\" to save to a file.\n",
        );
        return fail(ctx, &mut info, Failure::write());
    }
    if opts.verbose && !to_terminal && !answer.body.is_empty() {
        ctx.stderr
            .write_str(&format!("{{ [{} bytes data]\n", answer.body.len()));
    }
    if !opts.silent && !opts.no_progress && !to_terminal {
        let total = header(&answer.headers, "content-length").and_then(|l| l.parse().ok());
        ctx.stderr.write_str(output::METER_HEAD);
        ctx.stderr.write_str(&output::meter_line(
            answer.body.len(),
            total,
            p.body.len(),
            info.time_total_s,
        ));
    }
    match &to {
        Dest::Stdout => ctx.stdout.write(&out),
        Dest::Stderr => ctx.stderr.write(&out),
        Dest::Null => {}
        Dest::File(name) => {
            if let Err(w) = save(ctx, name, out) {
                ctx.stderr.write_str(&w);
                return fail(ctx, &mut info, Failure::write());
            }
        }
    }
    if opts.verbose {
        ctx.stderr.write_str(&verbose::done(&p.url.host));
    }
    if http_failed {
        return fail(ctx, &mut info, Failure::http(answer.status));
    }
    write_out(ctx, opts, &info);
    Ok(0)
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// A `Location` made absolute against the request's URL.
fn absolute(base: &url::Url, loc: &str) -> String {
    if loc.contains("://") {
        loc.to_string()
    } else if loc.starts_with('/') {
        format!("{}://{}{}", base.scheme, base.host_header(), loc)
    } else {
        let dir = base.target.split('?').next().unwrap_or("/");
        let dir = &dir[..dir.rfind('/').map_or(0, |i| i + 1)];
        format!("{}://{}{}{}", base.scheme, base.host_header(), dir, loc)
    }
}
