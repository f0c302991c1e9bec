//! The latency proxy of the side-by-side bench: a TCP relay that holds
//! every chunk for half the round trip in each direction, so both
//! terminals sit behind the same link.
//!
//! A real connection also pays a round trip for the TCP handshake before
//! the client's first byte can leave; on loopback `connect` returns at once,
//! so the proxy holds client bytes until 1.5 round trips after the accept
//! (SYN out, SYN-ACK back, then the data's own half trip), as a browser
//! opening a connection over that link would see it.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::time::{sleep_until, Instant};

/// The delays of one link: `rtt` is the round trip the proxy adds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Link {
    pub rtt: Duration,
}

impl Link {
    pub fn one_way(self) -> Duration {
        self.rtt / 2
    }

    /// When a chunk read at `read_at` leaves for the server, on a
    /// connection accepted at `accepted_at`.
    pub fn upstream_due(self, accepted_at: Instant, read_at: Instant) -> Instant {
        let handshake_done = accepted_at + self.rtt + self.one_way();
        (read_at + self.one_way()).max(handshake_done)
    }

    /// When a chunk read from the server at `read_at` reaches the client.
    pub fn downstream_due(self, read_at: Instant) -> Instant {
        read_at + self.one_way()
    }
}

/// Listens on a free loopback port and relays every connection to
/// `127.0.0.1:upstream` through `link`; returns the port. Runs until the
/// runtime stops.
pub async fn start(upstream: u16, link: Link) -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| format!("proxy: {e}"))?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let accepted_at = Instant::now();
            tokio::spawn(async move {
                let Ok(server) = TcpStream::connect(("127.0.0.1", upstream)).await else {
                    return;
                };
                let _ = client.set_nodelay(true);
                let _ = server.set_nodelay(true);
                let (cr, cw) = client.into_split();
                let (sr, sw) = server.into_split();
                let up = relay(cr, sw, move |t| link.upstream_due(accepted_at, t));
                let down = relay(sr, cw, move |t| link.downstream_due(t));
                tokio::join!(up, down);
            });
        }
    });
    Ok(port)
}

/// Copies `from` to `to`, each chunk written at `due(time it was read)`;
/// the end of `from` is passed on (a half close) once the data before it is.
async fn relay<R, W>(mut from: R, mut to: W, due: impl Fn(Instant) -> Instant)
where
    R: AsyncReadExt + Unpin + Send + 'static,
    W: AsyncWriteExt + Unpin,
{
    // Reading goes on while earlier chunks wait: the link holds them all.
    let (tx, mut rx) = mpsc::unbounded_channel::<(Instant, Vec<u8>)>();
    let reader = tokio::spawn(async move {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            match from.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if tx.send((Instant::now(), buf[..n].to_vec())).is_err() {
                        break;
                    }
                }
            }
        }
    });
    while let Some((read_at, chunk)) = rx.recv().await {
        sleep_until(due(read_at)).await;
        if to.write_all(&chunk).await.is_err() {
            break;
        }
    }
    let _ = to.shutdown().await;
    reader.abort();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_wait_half_a_round_trip_and_the_handshake() {
        let link = Link {
            rtt: Duration::from_millis(50),
        };
        let t0 = Instant::now();
        let ms = |n: u64| Duration::from_millis(n);
        // (read after accept, leaves after accept)
        let up = [(0, 75), (10, 75), (50, 75), (60, 85), (1000, 1025)];
        for (read, want) in up {
            assert_eq!(
                link.upstream_due(t0, t0 + ms(read)),
                t0 + ms(want),
                "up {read}"
            );
        }
        assert_eq!(link.downstream_due(t0 + ms(90)), t0 + ms(115));
        assert_eq!(link.one_way(), ms(25));
    }

    #[tokio::test]
    async fn relays_bytes_in_order_both_ways() {
        let echo = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let echo_port = echo.local_addr().unwrap().port();
        tokio::spawn(async move {
            let (mut s, _) = echo.accept().await.unwrap();
            let mut buf = [0u8; 1024];
            loop {
                let n = s.read(&mut buf).await.unwrap();
                if n == 0 {
                    break;
                }
                s.write_all(&buf[..n]).await.unwrap();
            }
        });
        let link = Link {
            rtt: Duration::from_millis(20),
        };
        let port = start(echo_port, link).await.unwrap();
        let mut c = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
        c.write_all(b"hello ").await.unwrap();
        c.write_all(b"world").await.unwrap();
        c.shutdown().await.unwrap();
        let mut got = Vec::new();
        c.read_to_end(&mut got).await.unwrap();
        assert_eq!(got, b"hello world");
    }
}
