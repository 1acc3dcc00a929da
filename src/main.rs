//! Thin binary: parse arguments, run the command, map errors to exit codes.

use clap::Parser;

fn main() {
    let cli = rotaplan::cli::Cli::parse();
    if let Err(e) = rotaplan::commands::run(cli) {
        eprint!("{}", e.to_text());
        std::process::exit(e.exit_code());
    }
}
