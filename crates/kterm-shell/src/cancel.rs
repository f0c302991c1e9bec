//! Cooperative cancellation (Ctrl-C). One `Cancel` per running command line;
//! long waits race their work against [`Cancel::cancelled`] so that dropping
//! the losing future (a fetch, a timer) aborts it.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

#[derive(Clone, Default)]
pub struct Cancel(Rc<Inner>);

#[derive(Default)]
struct Inner {
    fired: Cell<bool>,
    wakers: RefCell<Vec<Waker>>,
}

impl Cancel {
    pub fn new() -> Self {
        Self::default()
    }

    /// Fires the token; every pending [`Cancel::cancelled`] future completes.
    pub fn cancel(&self) {
        self.0.fired.set(true);
        for w in self.0.wakers.borrow_mut().drain(..) {
            w.wake();
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.fired.get()
    }

    /// Completes once [`Cancel::cancel`] has been called.
    pub fn cancelled(&self) -> Cancelled {
        Cancelled(self.clone())
    }

    /// Runs `fut` unless cancelled first; `None` means it was cancelled and
    /// `fut` was dropped.
    pub async fn run<F: Future>(&self, fut: F) -> Option<F::Output> {
        use futures::future::{select, Either};
        let fut = std::pin::pin!(fut);
        match select(fut, self.cancelled()).await {
            Either::Left((v, _)) => Some(v),
            Either::Right(_) => None,
        }
    }
}

pub struct Cancelled(Cancel);

impl Future for Cancelled {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 .0.fired.get() {
            Poll::Ready(())
        } else {
            self.0 .0.wakers.borrow_mut().push(cx.waker().clone());
            Poll::Pending
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_returns_none_once_cancelled() {
        let c = Cancel::new();
        c.cancel();
        let out = futures::executor::block_on(c.run(futures::future::pending::<()>()));
        assert_eq!(out, None);
    }

    #[test]
    fn run_returns_value_when_not_cancelled() {
        let c = Cancel::new();
        let out = futures::executor::block_on(c.run(async { 7 }));
        assert_eq!(out, Some(7));
    }
}
