//! What the engine needs from the place it runs in. The browser front end
//! implements it with timers and xterm.js input; tests with tokio and scripts.

use async_trait::async_trait;

#[async_trait(?Send)]
pub trait Host {
    /// Milliseconds since the Unix epoch (wasm32 has no `SystemTime::now`).
    fn now_ms(&self) -> i64;

    /// Sleeps; callers race it against their `Cancel`.
    async fn sleep_ms(&self, ms: u64);

    /// Asks the user for one line on the terminal (`One Time Code > `).
    /// `secret` hides the echo and keeps the answer out of history.
    /// `None`: no interactive terminal, end of input, or Ctrl-C.
    async fn read_line(&self, prompt: &str, secret: bool) -> Option<String>;

    /// Raw key bytes for full-screen programs (editor, `exec -it`).
    /// `None`: no interactive terminal or input closed.
    async fn read_raw(&self) -> Option<Vec<u8>>;

    /// Columns and rows of the terminal.
    fn size(&self) -> (u16, u16) {
        (80, 24)
    }

    /// Lets the user pick files from their computer (the `upload` command):
    /// name and contents of each. `None`: there is no picker here;
    /// `Some(empty)`: the user closed it without choosing.
    async fn pick_files(&self) -> Option<Vec<(String, Vec<u8>)>> {
        None
    }

    /// Hands a file to the user's computer (the `download` command).
    /// `false`: there is nowhere to hand it.
    async fn save_file(&self, _name: &str, _data: &[u8]) -> bool {
        false
    }
}
