//! `rotaplan serve`: the committee's desk on 127.0.0.1 (src/desk/).

use std::io::Write;

use crate::desk::{self, DeskOptions};
use crate::Error;

pub fn run(opts: DeskOptions, port: u16) -> Result<(), Error> {
    if !opts.scenario.is_dir() && !crate::scenario::xlsx::is_workbook(&opts.scenario) {
        return Err(Error::Usage(format!(
            "{}: neither a scenario folder nor an .xlsx workbook",
            opts.scenario.display()
        )));
    }
    // A closed standard output (the address read by a script that then
    // went away) must not stop the desk: what is written is best effort.
    let ready = |url: &str| {
        let text = format!("rotaplan desk: open {url}\n(served on this machine only; stop with Ctrl-C)\n");
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    };
    desk::serve(opts, port, ready).map_err(|e| Error::Usage(format!("cannot serve on 127.0.0.1:{port}: {e}")))
}
