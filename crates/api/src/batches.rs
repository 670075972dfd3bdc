//! The loaders' batches run inside the request that asked for them, not as tasks of their own.
//!
//! A loader sends its batch off when its first key arrives and then waits to gather the rest.
//! As tasks on the multi-threaded runtime, a batch could start on another worker while the
//! request's resolvers were still asking for keys, and split; async-graphql's answer is to wait
//! a millisecond first, which every wave of every page then paid, and a 50-post thread page
//! still split on two workers (up to 20 statements where 13 would do, in a scratch run of the
//! N+1 test). Here a batch is first polled once the request has asked for every key it can
//! (`Batches::run`), so it holds them all, and waits for nothing.

use std::future::{Future, poll_fn};
use std::pin::pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, Wake, Waker};

use futures_util::StreamExt as _;
use futures_util::future::BoxFuture;
use futures_util::stream::FuturesUnordered;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

type Batch = BoxFuture<'static, ()>;

/// Hands a loader's batch to the request that runs it.
#[derive(Clone)]
pub struct BatchSpawner(UnboundedSender<Batch>);

impl BatchSpawner {
    pub fn spawn(&self, batch: Batch) {
        // The receiver goes only when the request's work is done, and no resolver waits then.
        let _ = self.0.send(batch);
    }
}

/// Runs the batches of one request (or WebSocket connection) beside its work.
pub struct Batches {
    spawner: BatchSpawner,
    received: UnboundedReceiver<Batch>,
}

impl Default for Batches {
    fn default() -> Self {
        let (sender, received) = unbounded_channel();
        Self { spawner: BatchSpawner(sender), received }
    }
}

impl Batches {
    /// For the loaders of the request whose work `run` will run.
    pub fn spawner(&self) -> BatchSpawner {
        self.spawner.clone()
    }

    /// Runs `work` and the batches its loaders send, until `work` is done.
    pub async fn run<T>(self, work: impl Future<Output = T>) -> T {
        let Self { spawner, mut received } = self;
        // Only the loaders' copies should keep the channel open.
        drop(spawner);
        let mut work = pin!(work);
        let mut running = FuturesUnordered::new();
        poll_fn(move |cx| {
            loop {
                // A list of more than 32 items resolves in rounds: each round asks for the keys
                // of 32 items and wakes the request again for the rest. Poll again until the
                // work waits on something else (a bounded number of times: a yield that the
                // runtime asked for, having used this poll's budget, wakes at once too).
                for _ in 0..MAX_ROUNDS {
                    let woken = Arc::new(Woken::new(cx.waker()));
                    let waker = Waker::from(Arc::clone(&woken));
                    if let Poll::Ready(output) =
                        work.as_mut().poll(&mut Context::from_waker(&waker))
                    {
                        return Poll::Ready(output);
                    }
                    if !woken.woken.load(Ordering::Acquire) {
                        break;
                    }
                }
                while let Poll::Ready(Some(batch)) = received.poll_recv(cx) {
                    running.push(batch);
                }
                match running.poll_next_unpin(cx) {
                    // A batch that finished has answered its resolvers: let them go on.
                    Poll::Ready(Some(())) => continue,
                    Poll::Ready(None) | Poll::Pending => return Poll::Pending,
                }
            }
        })
        .await
    }
}

/// Rounds of a request's work polled before its batches start.
const MAX_ROUNDS: usize = 64;

/// Wakes the request, noting that it was woken.
struct Woken {
    waker: Waker,
    woken: AtomicBool,
}

impl Woken {
    fn new(waker: &Waker) -> Self {
        Self { waker: waker.clone(), woken: AtomicBool::new(false) }
    }
}

impl Wake for Woken {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.woken.store(true, Ordering::Release);
        self.waker.wake_by_ref();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_batch_starts_after_the_poll_that_asked_for_its_keys() {
        let batches = Batches::default();
        let spawner = batches.spawner();
        let asked: Arc<Mutex<Vec<u32>>> = Arc::default();
        let (taken_tx, taken_rx) = tokio::sync::oneshot::channel();
        let work = {
            let asked = Arc::clone(&asked);
            async move {
                // As a loader does: the first key sends the batch off, the rest join it.
                let batch_keys = Arc::clone(&asked);
                spawner.spawn(Box::pin(async move {
                    let keys = batch_keys.lock().map(|k| k.clone()).unwrap_or_default();
                    let _ = taken_tx.send(keys);
                }));
                for key in 0..50 {
                    asked.lock().expect("keys").push(key);
                    // Long enough for another worker to have run a spawned task meanwhile.
                    std::thread::sleep(std::time::Duration::from_micros(20));
                }
                taken_rx.await.expect("the batch ran")
            }
        };
        let taken = batches.run(work).await;
        assert_eq!(taken, (0..50).collect::<Vec<_>>());
    }
}
