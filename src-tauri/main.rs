//! Balise's one binary: with no subcommand it opens the window; with one it runs headless.

fn main() {
    std::process::exit(balise_app::main_entry());
}
