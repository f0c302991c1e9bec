//! Output sinks. Commands never print directly: they write to the `Out` they
//! are given (the terminal, a pipe buffer, a file, or a test's `Vec<u8>`).

pub trait Out {
    fn write(&mut self, bytes: &[u8]);

    fn write_str(&mut self, s: &str) {
        self.write(s.as_bytes());
    }

    fn line(&mut self, s: &str) {
        self.write(s.as_bytes());
        self.write(b"\n");
    }
}

impl Out for Vec<u8> {
    fn write(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

/// Discards everything (`2>/dev/null`).
pub struct Null;

impl Out for Null {
    fn write(&mut self, _: &[u8]) {}
}
