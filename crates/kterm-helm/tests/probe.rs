#![allow(clippy::unwrap_used)]
mod common;
#[tokio::test(flavor = "current_thread")]
async fn probe() {
    let mut t = common::Term::logged_in().await;
    for line in std::env::var("PROBE").unwrap().split(';') {
        let (o, e, c) = t.sh(line).await;
        println!("$ {line}\n{o}--- stderr\n{e}--- exit {c}\n");
    }
}
