//! Thin binary: parse arguments, run the command, map errors to exit codes.

use clap::Parser;

fn main() {
    // The hidden worker mode solves one model for a parent rotaplan (src/solve/worker.rs).
    if std::env::args_os().nth(1).is_some_and(|a| a == rotaplan::solve::WORKER_ARG) {
        std::process::exit(rotaplan::solve::serve_worker());
    }
    // The desk's solves run in children in desk-solve mode (src/desk/job.rs).
    if std::env::args_os().nth(1).is_some_and(|a| a == rotaplan::desk::job::CHILD_ARG) {
        if let Ok(program) = std::env::current_exe() {
            rotaplan::solve::enable_worker(program);
        }
        std::process::exit(rotaplan::desk::job::serve_child());
    }
    if let Ok(program) = std::env::current_exe() {
        rotaplan::solve::enable_worker(program);
    }
    let cli = rotaplan::cli::Cli::parse();
    if let Err(e) = rotaplan::commands::run(cli) {
        eprint!("{}", e.to_text());
        std::process::exit(e.exit_code());
    }
}
