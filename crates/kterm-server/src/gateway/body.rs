//! Request bodies on their way upstream: streamed frame by frame, never
//! collected. Each request is capped at `max_body_bytes`; all requests
//! together hold at most `max_in_flight_body_bytes` (a byte semaphore: a
//! frame read from a client takes permits for its length and gives them
//! back when the upstream connection has written and dropped it; while
//! the budget is spent, clients are simply not read further). Why a body
//! failed is kept, so the gateway answers 413 or 408 rather than 502.

use std::pin::Pin;
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{ready, Context, Poll};

use axum::body::{Body, Bytes};
use http_body::Frame;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio_util::sync::PollSemaphore;

/// The bytes of request bodies all connections hold at once.
pub struct Budget {
    sem: Arc<Semaphore>,
    total: usize,
    peak: AtomicUsize,
}

impl Budget {
    pub fn new(total: usize) -> Arc<Self> {
        let total = total.clamp(1, Semaphore::MAX_PERMITS);
        Arc::new(Self {
            sem: Arc::new(Semaphore::new(total)),
            total,
            peak: AtomicUsize::new(0),
        })
    }

    /// Bytes read from clients and not yet written upstream.
    pub fn in_flight(&self) -> usize {
        self.total - self.sem.available_permits()
    }

    /// The most [`Self::in_flight`] has been since start.
    pub fn peak(&self) -> usize {
        self.peak.load(Ordering::Relaxed)
    }

    fn note(&self) {
        self.peak.fetch_max(self.in_flight(), Ordering::Relaxed);
    }
}

/// Why a body stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    TooLarge,
    TimedOut,
    Broken,
}

/// Shared between the body (which sets it) and the handler (which reads
/// it when the upstream exchange failed).
#[derive(Clone, Default)]
pub struct Outcome(Arc<AtomicU8>);

impl Outcome {
    fn set(&self, f: Failure) {
        let v = match f {
            Failure::TooLarge => 1,
            Failure::TimedOut => 2,
            Failure::Broken => 3,
        };
        let _ = self
            .0
            .compare_exchange(0, v, Ordering::Relaxed, Ordering::Relaxed);
    }

    pub fn failure(&self) -> Option<Failure> {
        match self.0.load(Ordering::Relaxed) {
            1 => Some(Failure::TooLarge),
            2 => Some(Failure::TimedOut),
            3 => Some(Failure::Broken),
            _ => None,
        }
    }
}

/// A frame's bytes with the permits they hold; dropped when the upstream
/// connection is done with them.
struct Held {
    data: Bytes,
    _permit: Option<OwnedSemaphorePermit>,
}

impl AsRef<[u8]> for Held {
    fn as_ref(&self) -> &[u8] {
        &self.data
    }
}

/// The client's body, metered.
pub struct Metered {
    inner: Body,
    budget: Arc<Budget>,
    sem: PollSemaphore,
    limit: usize,
    seen: usize,
    waiting: Option<Bytes>,
    outcome: Outcome,
}

impl Metered {
    pub fn new(inner: Body, budget: Arc<Budget>, limit: usize) -> (Self, Outcome) {
        let outcome = Outcome::default();
        (
            Self {
                sem: PollSemaphore::new(budget.sem.clone()),
                inner,
                budget,
                limit,
                seen: 0,
                waiting: None,
                outcome: outcome.clone(),
            },
            outcome,
        )
    }
}

fn timed_out(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur = Some(e);
    while let Some(e) = cur {
        if e.is::<tower_http::timeout::TimeoutError>() {
            return true;
        }
        cur = e.source();
    }
    false
}

/// The error a metered body ends with; hyper's client gives up the
/// exchange on it.
#[derive(Debug)]
pub struct Stopped(pub Failure);

impl std::fmt::Display for Stopped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "request body: {:?}", self.0)
    }
}

impl std::error::Error for Stopped {}

impl http_body::Body for Metered {
    type Data = Bytes;
    type Error = Stopped;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Stopped>>> {
        let this = &mut *self;
        if this.waiting.is_none() {
            let frame = match ready!(Pin::new(&mut this.inner).poll_frame(cx)) {
                None => return Poll::Ready(None),
                Some(Ok(f)) => f,
                Some(Err(e)) => {
                    let why = if timed_out(&e) {
                        Failure::TimedOut
                    } else {
                        Failure::Broken
                    };
                    this.outcome.set(why);
                    return Poll::Ready(Some(Err(Stopped(why))));
                }
            };
            match frame.into_data() {
                Ok(data) => {
                    this.seen += data.len();
                    if this.seen > this.limit {
                        this.outcome.set(Failure::TooLarge);
                        return Poll::Ready(Some(Err(Stopped(Failure::TooLarge))));
                    }
                    if data.is_empty() {
                        return Poll::Ready(Some(Ok(Frame::data(data))));
                    }
                    this.waiting = Some(data);
                }
                Err(trailers) => return Poll::Ready(Some(Ok(trailers))),
            }
        }
        let len = this.waiting.as_ref().map_or(0, Bytes::len);
        // A frame larger than the whole budget takes all of it.
        let want = u32::try_from(len.min(this.budget.total)).unwrap_or(u32::MAX);
        let permit = ready!(this.sem.poll_acquire_many(cx, want));
        this.budget.note();
        let data = this.waiting.take().unwrap_or_default();
        Poll::Ready(Some(Ok(Frame::data(Bytes::from_owner(Held {
            data,
            _permit: permit,
        })))))
    }

    fn is_end_stream(&self) -> bool {
        self.waiting.is_none() && self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;

    #[tokio::test]
    async fn frames_hold_the_budget_until_dropped() {
        let budget = Budget::new(10);
        let chunks: Vec<Result<Frame<Bytes>, std::convert::Infallible>> = vec![
            Ok(Frame::data(Bytes::from_static(b"abcdef"))),
            Ok(Frame::data(Bytes::from_static(b"ghij"))),
            Ok(Frame::data(Bytes::from_static(b"k"))),
        ];
        let body = Body::new(http_body_util::StreamBody::new(futures::stream::iter(
            chunks,
        )));
        let (mut m, outcome) = Metered::new(body, budget.clone(), 100);
        let a = m.frame().await.unwrap().unwrap().into_data().unwrap();
        let b = m.frame().await.unwrap().unwrap().into_data().unwrap();
        assert_eq!(
            (&a[..], &b[..], budget.in_flight()),
            (&b"abcdef"[..], &b"ghij"[..], 10)
        );
        // The budget is spent: the third frame waits until one is dropped.
        let third = tokio::time::timeout(std::time::Duration::from_millis(50), m.frame()).await;
        assert!(third.is_err());
        drop(a);
        let c = m.frame().await.unwrap().unwrap().into_data().unwrap();
        assert_eq!(
            (&c[..], budget.in_flight(), budget.peak()),
            (&b"k"[..], 5, 10)
        );
        drop((b, c));
        assert_eq!(budget.in_flight(), 0);
        assert!(m.frame().await.is_none());
        assert_eq!(outcome.failure(), None);
    }

    #[tokio::test]
    async fn a_body_over_its_limit_stops_with_why() {
        let budget = Budget::new(1 << 20);
        let (mut m, outcome) = Metered::new(Body::from("x".repeat(11)), budget.clone(), 10);
        assert!(m.frame().await.unwrap().is_err());
        assert_eq!(
            (outcome.failure(), budget.in_flight()),
            (Some(Failure::TooLarge), 0)
        );
    }
}
