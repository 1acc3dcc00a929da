//! `rotaplan serve`: the committee's desk on 127.0.0.1 (src/desk/).

use std::path::PathBuf;

use crate::desk::{self, DeskOptions};
use crate::pipeline::RunOptions;
use crate::Error;

pub fn run(scenario: PathBuf, port: u16, read_only: bool, run: RunOptions) -> Result<(), Error> {
    if !scenario.is_dir() {
        return Err(Error::Usage(format!("{}: not a scenario folder", scenario.display())));
    }
    desk::serve(DeskOptions { scenario, read_only, run }, port)
        .map_err(|e| Error::Usage(format!("cannot serve on 127.0.0.1:{port}: {e} (try another --port)")))
}
