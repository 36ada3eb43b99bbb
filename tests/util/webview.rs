//! End-to-end harness: drives the real Balise window (WebKitGTK) through `tauri-driver` and
//! Debian's `WebKitWebDriver` with fantoccini.
//!
//! Needs an X display (`xvfb-run -a`), a D-Bus session with an unlocked Secret Service (the
//! database key lives in the keychain) and `tauri-driver` on the PATH or in `~/.cargo/bin`:
//! `scripts/test` sets all of that up. Sessions are serialised (the app is single-instance), in
//! this process by a mutex and across processes (cargo-nextest) by an abstract Unix socket.
//!
//! ```ignore
//! let dir = util::temp_data_dir();
//! let w = Window::open(dir.path()).await;
//! w.wait_ready().await;
//! w.fill("#nom", "Tremblay").await;
//! w.click("#enregistrer").await;
//! assert_eq!(w.text("#statut").await, "Enregistré");
//! w.screenshot("fiche-enregistree").await;
//! w.close().await;
//! ```
#![allow(dead_code)]

use std::fs::{self, File};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

/// Longest wait for tauri-driver to listen on its port.
/// The folder, inside the data dir, where « Enregistrer sous… » saves during the tests.
pub const SAVE_AS_FOLDER: &str = "enregistres";
const DRIVER_START_TIMEOUT: Duration = Duration::from_secs(20);
/// Longest wait for a new session (app start + WebKitWebDriver handshake; ≈ 1 s normally).
const SESSION_TIMEOUT: Duration = Duration::from_secs(60);
/// Default wait for an element, `wait_ready` or a condition.
pub const WAIT_TIMEOUT: Duration = Duration::from_secs(15);
/// Longest wait for a single WebDriver command.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(30);
/// Longest wait for tauri-driver (and what it started) to exit after SIGTERM.
const STOP_TIMEOUT: Duration = Duration::from_secs(10);

/// Longest wait for the app's process to appear (it is started at once; it appears in ms).
const APP_START_TIMEOUT: Duration = Duration::from_secs(15);
/// How long what tauri-driver started may take to exit by itself before it gets SIGTERM.
const REAP_GRACE: Duration = Duration::from_secs(3);

/// Serialises windows inside this test process.
static IN_PROCESS: Mutex<()> = Mutex::new(());
/// Counts windows, to name log files.
static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// One running app window under WebDriver. Call [`Window::close`] at the end of a test; `Drop`
/// does the same best-effort (for panicking tests).
pub struct Window {
    client: Option<Client>,
    driver: Child,
    port: u16,
    session_id: Option<String>,
    log: PathBuf,
    /// tauri-driver's descendants (WebKitWebDriver, the app, WebKit's helpers) seen while running.
    descendants: Vec<u32>,
    /// The app's process (a child of WebKitWebDriver), once seen.
    app_pid: Option<u32>,
    _cross_process: CrossProcessLock,
    _in_process: MutexGuard<'static, ()>,
}

impl Window {
    /// Starts tauri-driver, which starts WebKitWebDriver, which starts `balise --data-dir DIR`
    /// (the data dir also goes in `BALISE_DATA_DIR`), and opens a WebDriver session on it.
    pub async fn open(data_dir: &Path) -> Window {
        Self::open_with_args(data_dir, &[]).await
    }

    /// Like [`Window::open`], with extra command-line arguments for the app after `--data-dir DIR`.
    pub async fn open_with_args(data_dir: &Path, extra_args: &[&str]) -> Window {
        Self::open_with(data_dir, extra_args, None).await
    }

    /// Like [`Window::open`], with the app's clock fixed at `now` (RFC 3339, `BALISE_NOW`).
    pub async fn open_at(data_dir: &Path, now: &str) -> Window {
        Self::open_with(data_dir, &[], Some(now)).await
    }

    async fn open_with(data_dir: &Path, extra_args: &[&str], now: Option<&str>) -> Window {
        if std::env::var_os("DISPLAY").filter(|d| !d.is_empty()).is_none() {
            panic!(
                "end-to-end tests need an X display: DISPLAY is not set. Run them through \
                 `scripts/test` (xvfb-run + dbus-run-session + gnome-keyring) or under `xvfb-run -a`."
            );
        }
        let in_process = IN_PROCESS.lock().unwrap_or_else(|e| e.into_inner());
        let cross_process = CrossProcessLock::acquire();

        // The app gets an absolute path (its working directory is not the test's).
        let data_dir = data_dir
            .canonicalize()
            .or_else(|_| std::path::absolute(data_dir))
            .unwrap_or_else(|e| panic!("data dir {}: {e}", data_dir.display()));
        let (port, native_port) = free_ports();
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let log_dir = super::target_dir().join("e2e-logs");
        fs::create_dir_all(&log_dir).expect("create target/e2e-logs");
        let log = log_dir.join(format!("tauri-driver-{}-{n}.log", std::process::id()));
        let out = File::create(&log).expect("create tauri-driver log");
        let err = out.try_clone().expect("clone log handle");

        let started = Instant::now();
        let mut driver = Command::new(tauri_driver_path());
        if let Some(now) = now {
            driver.env("BALISE_NOW", now);
        }
        let driver = driver
            .arg("--port")
            .arg(port.to_string())
            .arg("--native-port")
            .arg(native_port.to_string())
            .env("BALISE_DATA_DIR", &data_dir)
            // « Enregistrer sous… » answers without its GTK dialog (WebDriver cannot drive it).
            .env("BALISE_SAVE_AS_DIR", data_dir.join(SAVE_AS_FOLDER))
            // No system viewer pops up over the tests; the window then shows the PDF's path.
            .env("BALISE_NO_VIEWER", "1")
            // The one difference from the installed program: WebKit's accelerated compositing
            // stays on ("0" keeps it; the program turns it off when the variable is unset,
            // lib.rs `plain_rendering`). Without it WebKitWebDriver's screenshot sometimes never
            // answered (4 tests of 71, 30 s each); the screens and their behaviour are the same.
            .env("WEBKIT_DISABLE_COMPOSITING_MODE", "0")
            .env("RUST_BACKTRACE", "1")
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start tauri-driver ({e}): install it with \
                     `cargo install tauri-driver --locked --version '^2'` (scripts/test does)"
                )
            });
        let mut window = Window {
            client: None,
            driver,
            port,
            session_id: None,
            log,
            descendants: Vec::new(),
            app_pid: None,
            _cross_process: cross_process,
            _in_process: in_process,
        };
        window.wait_for_port(started);

        let mut args = vec![Value::from("--data-dir"), Value::from(data_dir.to_string_lossy().into_owned())];
        args.extend(extra_args.iter().map(|a| Value::from(*a)));
        let caps = json!({
            "browserName": "wry",
            "tauri:options": { "application": super::balise_bin(), "args": args },
        });
        let caps = match caps {
            Value::Object(map) => map,
            _ => unreachable!(),
        };
        let url = format!("http://127.0.0.1:{port}");
        let connect = async { ClientBuilder::native().capabilities(caps).connect(&url).await };
        // WebKitWebDriver does not notice an app that dies at start and waits forever: watch the
        // app's process meanwhile and fail at once if it goes.
        let client = tokio::select! {
            biased;
            result = tokio::time::timeout(SESSION_TIMEOUT, connect) => match result {
                Ok(Ok(client)) => client,
                Ok(Err(e)) => window.fail(&format!("WebDriver session not created: {e}")),
                Err(_) => window.fail(&format!(
                    "no WebDriver session after {SESSION_TIMEOUT:?} (app hung or no display?)"
                )),
            },
            why = watch_app_start(window.driver.id()) => window.fail(&format!(
                "WebDriver session not created: {why}"
            )),
        };
        window.session_id = client.session_id().await.ok().flatten();
        window.client = Some(client);
        window.remember_descendants();
        window.app_pid = find_app(window.driver.id());
        window
    }

    /// The fantoccini client, for anything the helpers below do not cover.
    pub fn client(&self) -> &Client {
        self.client.as_ref().expect("window already closed")
    }

    /// Process id of tauri-driver (WebKitWebDriver is its child, the app WebKitWebDriver's).
    pub fn driver_pid(&self) -> u32 {
        self.driver.id()
    }

    /// Path of the tauri-driver log (also holds the app's and WebKitWebDriver's stderr).
    pub fn log_path(&self) -> &Path {
        &self.log
    }

    /// Waits (up to [`WAIT_TIMEOUT`]) for an element matching `css` and returns it.
    pub async fn wait_for(&self, css: &str) -> Element {
        let wait = self.client().wait().at_most(WAIT_TIMEOUT).for_element(Locator::Css(css));
        let what = format!("waiting for `{css}` (up to {WAIT_TIMEOUT:?})");
        self.run_for(&what, WAIT_TIMEOUT + COMMAND_TIMEOUT, wait).await
    }

    /// Whether an element matching `css` exists right now (no waiting).
    pub async fn exists(&self, css: &str) -> bool {
        let find = self.client().find_all(Locator::Css(css));
        !self.run(&format!("find `{css}`"), find).await.is_empty()
    }

    /// Waits for `css`, then clicks it.
    pub async fn click(&self, css: &str) {
        // The screen may re-render between finding the element and clicking it (the shell redraws
        // its navigation once the settings arrive): find it again rather than fail on a stale node.
        for _ in 0..20 {
            let el = self.wait_for(css).await;
            match tokio::time::timeout(COMMAND_TIMEOUT, el.click()).await {
                Ok(Ok(_)) => return,
                Ok(Err(e)) if is_stale(&e.to_string()) => tokio::time::sleep(Duration::from_millis(100)).await,
                Ok(Err(e)) => self.fail(&format!("click `{css}`: {e}")),
                Err(_) => self.fail(&format!("click `{css}`: no answer after {COMMAND_TIMEOUT:?}")),
            }
        }
        self.fail(&format!("click `{css}`: the element kept being replaced"))
    }

    /// Waits for `css`, clears it and types `text` into it.
    pub async fn fill(&self, css: &str, text: &str) {
        let el = self.wait_for(css).await;
        self.run(&format!("clear `{css}`"), el.clear()).await;
        self.run(&format!("type into `{css}`"), el.send_keys(text)).await;
    }

    /// Shows a screen and waits for its data; the same address again re-renders it.
    pub async fn go(&self, hash: &str) {
        let script = format!(
            "document.body.dataset.ready = '0';
             if (location.hash === '{hash}') window.dispatchEvent(new HashChangeEvent('hashchange'));
             else location.hash = '{hash}';"
        );
        self.eval(&script, vec![]).await;
        self.wait_ready().await;
    }

    /// Drops a PDF named `name` holding `bytes` on the drop zone `zone`, as a file dragged from the
    /// file manager (WebDriver cannot drive a native drag).
    pub async fn drop_pdf(&self, zone: &str, name: &str, bytes: &[u8]) {
        use base64::Engine;
        let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
        let dropped = self
            .eval(
                "const bytes = Uint8Array.from(atob(arguments[0]), (c) => c.charCodeAt(0)); \
                 const file = new File([bytes], arguments[1], { type: 'application/pdf' }); \
                 const transfer = new DataTransfer(); transfer.items.add(file); \
                 const target = document.querySelector(arguments[2]); \
                 for (const type of ['dragover', 'drop']) { \
                   target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer })); } \
                 return true;",
                vec![encoded.into(), name.into(), zone.into()],
            )
            .await;
        assert_eq!(dropped, Value::Bool(true), "the file was dropped on {zone}");
    }

    /// Types `text` into whatever has the focus, as a person at the keyboard would.
    pub async fn keys(&self, text: &str) {
        let focused = self.run("the focused element", self.client().active_element()).await;
        self.run(&format!("typing {text:?}"), focused.send_keys(text)).await;
    }

    /// Waits for `css` and returns its rendered text.
    pub async fn text(&self, css: &str) -> String {
        let el = self.wait_for(css).await;
        self.run(&format!("text of `{css}`"), el.text()).await
    }

    /// Waits for `css` and returns the current value of its `value` property (inputs, selects).
    pub async fn value(&self, css: &str) -> String {
        let el = self.wait_for(css).await;
        self.run(&format!("value of `{css}`"), el.prop("value")).await.unwrap_or_default()
    }

    /// Runs `script` as a function body in the page (`return …` gives the result; arguments are
    /// in `arguments`).
    pub async fn eval(&self, script: &str, args: Vec<Value>) -> Value {
        let exec = self.client().execute(script, args);
        self.run("execute script", exec).await
    }

    /// Waits until `script` (a function body) returns `true`.
    pub async fn wait_until(&self, what: &str, script: &str) {
        let deadline = Instant::now() + WAIT_TIMEOUT;
        loop {
            if self.eval(script, vec![]).await == Value::Bool(true) {
                return;
            }
            if Instant::now() > deadline {
                self.fail(&format!("timed out after {WAIT_TIMEOUT:?} waiting for {what}"));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until the page says it is ready: `document.body.dataset.ready == "1"`.
    pub async fn wait_ready(&self) {
        self.wait_until(
            "document.body.dataset.ready == \"1\"",
            "return !!document.body && document.body.dataset.ready === '1';",
        )
        .await;
    }

    /// Waits two animation frames (so the last change is painted), then saves a PNG of the
    /// window to `target/screenshots/<name>.png` and returns its path; fails when the screen
    /// scrolls sideways.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let frames = self.client().execute_async(
            "const done = arguments[arguments.length - 1];\
             requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
            vec![],
        );
        self.run("wait two animation frames", frames).await;
        let png = self.run("screenshot", self.client().screenshot()).await;
        let dir = super::target_dir().join("screenshots");
        fs::create_dir_all(&dir).expect("create target/screenshots");
        let path = dir.join(format!("{name}.png"));
        fs::write(&path, png).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        // No screen scrolls sideways at the window's size: its scroll bar would cover the bottom of
        // the screen (a long list option once did, and « Imprimer » under it could not be clicked).
        let widths =
            self.eval("const d = document.documentElement; return [d.scrollWidth, d.clientWidth]", vec![]).await;
        assert!(
            widths[0].as_u64() <= widths[1].as_u64(),
            "screen {name} scrolls sideways (page width, window width: {widths}); see {}",
            path.display()
        );
        path
    }

    /// Ends the WebDriver session (WebKitWebDriver then closes the app) and stops tauri-driver
    /// with SIGTERM, waiting for everything it started to exit.
    pub async fn close(mut self) {
        if let Some(client) = self.client.take() {
            // Errors here (app already gone) do not matter: stopping the driver still cleans up.
            let _ = tokio::time::timeout(COMMAND_TIMEOUT, client.close()).await;
            self.session_id = None;
        }
        self.stop_driver();
    }

    // ---- internals ----

    /// Awaits one WebDriver command with a timeout; panics with the driver log on failure.
    async fn run<T, E: std::fmt::Display>(
        &self,
        what: &str,
        fut: impl std::future::Future<Output = Result<T, E>>,
    ) -> T {
        self.run_for(what, COMMAND_TIMEOUT, fut).await
    }

    /// Like `run` with another timeout. Fails at once if the app's process goes meanwhile
    /// (WebKitWebDriver would otherwise leave the command hanging).
    async fn run_for<T, E: std::fmt::Display>(
        &self,
        what: &str,
        timeout: Duration,
        fut: impl std::future::Future<Output = Result<T, E>>,
    ) -> T {
        tokio::select! {
            biased;
            result = tokio::time::timeout(timeout, fut) => match result {
                Ok(Ok(v)) => v,
                Ok(Err(e)) => self.fail(&format!("{what}: {e}")),
                Err(_) => self.fail(&format!("{what}: no answer after {timeout:?}")),
            },
            () = watch_app_exit(self.app_pid) => {
                self.fail(&format!("{what}: the app's process exited"))
            }
        }
    }

    /// Panics with `msg` and the end of the driver log (Drop then cleans up).
    fn fail(&self, msg: &str) -> ! {
        panic!("{msg}\n--- end of {} ---\n{}", self.log.display(), log_tail(&self.log, 4000))
    }

    fn wait_for_port(&mut self, started: Instant) {
        loop {
            if TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            if let Ok(Some(status)) = self.driver.try_wait() {
                self.fail(&format!("tauri-driver exited at once ({status})"));
            }
            if started.elapsed() > DRIVER_START_TIMEOUT {
                self.fail(&format!("tauri-driver not listening on port {} after {DRIVER_START_TIMEOUT:?}", self.port));
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    fn remember_descendants(&mut self) {
        for pid in descendants(self.driver.id()) {
            if !self.descendants.contains(&pid) {
                self.descendants.push(pid);
            }
        }
    }

    /// SIGTERM to tauri-driver (never SIGKILL: that leaves WebKitWebDriver running and holding
    /// pipes), wait for it, then SIGTERM anything it started that is still alive.
    fn stop_driver(&mut self) {
        if matches!(self.driver.try_wait(), Ok(Some(_))) {
            self.reap_descendants();
            return;
        }
        self.remember_descendants();
        signal(self.driver.id(), "TERM");
        let deadline = Instant::now() + STOP_TIMEOUT;
        loop {
            match self.driver.try_wait() {
                Ok(Some(_)) | Err(_) => break,
                Ok(None) if Instant::now() > deadline => {
                    eprintln!(
                        "webview harness: tauri-driver (pid {}) still running {STOP_TIMEOUT:?} \
                         after SIGTERM; leaving it",
                        self.driver.id()
                    );
                    break;
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            }
        }
        self.reap_descendants();
    }

    /// SIGTERMs the remembered descendants still alive and waits (bounded) for them to go.
    fn reap_descendants(&mut self) {
        // They normally go by themselves within moments of their parent: give them that time.
        let grace = Instant::now() + REAP_GRACE;
        while self.descendants.iter().any(|&p| is_alive(p)) && Instant::now() < grace {
            std::thread::sleep(Duration::from_millis(20));
        }
        let left: Vec<u32> = self.descendants.iter().copied().filter(|&p| is_alive(p)).collect();
        if left.is_empty() {
            return;
        }
        eprintln!(
            "webview harness: {} process(es) started by tauri-driver outlived it ({}); sending \
             SIGTERM",
            left.len(),
            left.iter().map(|&p| format!("{p} {}", comm(p))).collect::<Vec<_>>().join(", ")
        );
        for &pid in &left {
            signal(pid, "TERM");
        }
        let deadline = Instant::now() + STOP_TIMEOUT;
        while left.iter().any(|&p| is_alive(p)) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Window {
    fn drop(&mut self) {
        // Best effort when `close` was not called (a test panicked): end the session with a plain
        // blocking HTTP request, so WebKitWebDriver closes the app, then stop the driver.
        if self.client.is_some() {
            if let Some(id) = self.session_id.take() {
                delete_session(self.port, &id);
            }
        }
        self.stop_driver();
    }
}

/// Holds an abstract Unix socket name while a window is open, so that windows in different
/// processes (cargo-nextest runs one process per test) never overlap. The name is per user and
/// per D-Bus session: the single-instance check and the keychain both live on the session bus, so
/// runs under different `dbus-run-session`s do not get in each other's way.
struct CrossProcessLock {
    #[cfg(target_os = "linux")]
    _socket: std::os::unix::net::UnixListener,
}

impl CrossProcessLock {
    #[cfg(target_os = "linux")]
    fn acquire() -> Self {
        use std::hash::{Hash, Hasher};
        use std::os::linux::net::SocketAddrExt;
        use std::os::unix::net::{SocketAddr, UnixListener};
        let mut bus = std::collections::hash_map::DefaultHasher::new();
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").hash(&mut bus);
        let name = format!("balise-e2e-lock-{}-{:016x}", uid(), bus.finish());
        let addr = SocketAddr::from_abstract_name(name.as_bytes()).expect("abstract socket name");
        let deadline = Instant::now() + Duration::from_secs(1800);
        loop {
            match UnixListener::bind_addr(&addr) {
                Ok(socket) => return CrossProcessLock { _socket: socket },
                Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(100))
                }
                Err(e) => panic!("cannot take the end-to-end lock {name:?}: {e}"),
            }
        }
    }

    #[cfg(not(target_os = "linux"))]
    fn acquire() -> Self {
        CrossProcessLock {}
    }
}

#[cfg(target_os = "linux")]
fn uid() -> String {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("Uid:")).and_then(|l| l.split_whitespace().nth(1).map(str::to_owned))
        })
        .unwrap_or_default()
}

/// The app's process among `driver`'s descendants: its command line starts with the binary.
fn find_app(driver: u32) -> Option<u32> {
    let bin = super::balise_bin().as_bytes();
    descendants(driver).into_iter().find(|&pid| {
        fs::read(format!("/proc/{pid}/cmdline")).map(|cmd| cmd.split(|&b| b == 0).next() == Some(bin)).unwrap_or(false)
    })
}

fn is_alive(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists() && !is_zombie(pid)
}

/// Resolves, with the reason, if the app never starts or exits while the session is being created.
async fn watch_app_start(driver: u32) -> String {
    let started = Instant::now();
    let mut seen = None;
    loop {
        tokio::time::sleep(Duration::from_millis(100)).await;
        match seen {
            None => {
                seen = find_app(driver);
                if seen.is_none() && started.elapsed() > APP_START_TIMEOUT {
                    return format!("the app did not start within {APP_START_TIMEOUT:?}");
                }
            }
            Some(pid) if !is_alive(pid) => return "the app exited during start-up".to_owned(),
            Some(_) => {}
        }
    }
}

/// Resolves when the app's process is gone (never, if it is not known).
async fn watch_app_exit(app: Option<u32>) {
    let Some(pid) = app else {
        return std::future::pending().await;
    };
    while is_alive(pid) {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// `tauri-driver` from `TAURI_DRIVER`, the PATH, or `~/.cargo/bin`.
fn tauri_driver_path() -> PathBuf {
    if let Some(p) = std::env::var_os("TAURI_DRIVER") {
        return PathBuf::from(p);
    }
    let on_path = std::env::var_os("PATH")
        .and_then(|paths| std::env::split_paths(&paths).map(|d| d.join("tauri-driver")).find(|p| p.is_file()));
    if let Some(p) = on_path {
        return p;
    }
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    match cargo_home.map(|h| h.join("bin").join("tauri-driver")) {
        Some(p) if p.is_file() => p,
        _ => PathBuf::from("tauri-driver"),
    }
}

/// Two distinct free loopback ports (held together while choosing, so they differ).
fn free_ports() -> (u16, u16) {
    let a = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    let b = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    (a.local_addr().unwrap().port(), b.local_addr().unwrap().port())
}

/// `kill -SIG pid`, without extra dependencies.
fn signal(pid: u32, sig: &str) {
    let _ = Command::new("kill")
        .arg(format!("-{sig}"))
        .arg(pid.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// All live descendants of `root`, from the parent pids in `/proc/*/stat`.
fn descendants(root: u32) -> Vec<u32> {
    let mut parent_of = Vec::new();
    if let Ok(entries) = fs::read_dir("/proc") {
        for entry in entries.flatten() {
            let Some(pid) = entry.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else {
                continue;
            };
            if let Some(ppid) = stat_field(pid, 1).and_then(|s| s.parse::<u32>().ok()) {
                parent_of.push((pid, ppid));
            }
        }
    }
    let mut found = vec![root];
    let mut i = 0;
    while i < found.len() {
        let p = found[i];
        found.extend(parent_of.iter().filter(|(_, pp)| *pp == p).map(|(c, _)| *c));
        i += 1;
    }
    found.remove(0);
    found
}

/// Field `n` after the `(comm)` of `/proc/pid/stat` (0 = state, 1 = ppid).
fn stat_field(pid: u32, n: usize) -> Option<String> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after = &stat[stat.rfind(')')? + 1..];
    after.split_whitespace().nth(n).map(str::to_owned)
}

fn comm(pid: u32) -> String {
    fs::read_to_string(format!("/proc/{pid}/comm")).map(|s| s.trim().to_owned()).unwrap_or_default()
}

fn is_zombie(pid: u32) -> bool {
    stat_field(pid, 0).as_deref() == Some("Z")
}

/// `DELETE /session/{id}` by hand (usable from `Drop`, where nothing can be awaited).
fn delete_session(port: u16, id: &str) {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return;
    };
    let _ = stream.set_read_timeout(Some(COMMAND_TIMEOUT));
    let _ = stream.set_write_timeout(Some(COMMAND_TIMEOUT));
    let request = format!(
        "DELETE /session/{id} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\n\
         Connection: close\r\n\r\n"
    );
    if stream.write_all(request.as_bytes()).is_ok() {
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
    }
}

fn log_tail(path: &Path, max: usize) -> String {
    let text = fs::read(path).unwrap_or_default();
    let start = text.len().saturating_sub(max);
    String::from_utf8_lossy(&text[start..]).into_owned()
}

/// WebKitWebDriver's words for an element that was removed from the page after it was found.
fn is_stale(message: &str) -> bool {
    message.contains("was not found") || message.contains("stale")
}
