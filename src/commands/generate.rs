//! `rotaplan generate [preset] --out <dir>`: writes a synthetic scenario on
//! real units, for any set of provinces.

use std::path::Path;

use crate::generate::{parse_provinces, GenSpec, GenerateError};
use crate::Error;

/// Options of `generate` beyond the preset.
#[derive(Debug, Clone, Default)]
pub struct Args {
    pub provinces: Option<String>,
    pub posts_per_commune: Option<usize>,
    pub candidates_per_post: Option<String>,
}

fn parse_range(s: &str) -> Result<(usize, usize), Error> {
    let bad = || Error::Usage(format!("--candidates-per-post `{s}`: give K or MIN..MAX"));
    match s.split_once("..") {
        Some((a, b)) => Ok((a.trim().parse().map_err(|_| bad())?, b.trim().parse().map_err(|_| bad())?)),
        None => {
            let k = s.trim().parse().map_err(|_| bad())?;
            Ok((k, k))
        }
    }
}

/// Runs the command.
pub fn run(preset: Option<&str>, out: &Path, seed: Option<u64>, args: &Args) -> Result<(), Error> {
    let name = preset.unwrap_or("custom");
    let seed = seed.unwrap_or_else(|| crate::generate::default_seed(name));
    let mut spec = match preset {
        Some(p) => GenSpec::preset(p, seed)
            .ok_or_else(|| Error::Usage(format!("unknown preset `{p}`; available: {}", GenSpec::PRESETS.join(", "))))?,
        None => GenSpec::preset("nghe-an", seed).ok_or_else(|| Error::Internal("preset".into()))?,
    };
    if let Some(p) = &args.provinces {
        spec.provinces = parse_provinces(p).map_err(Error::Usage)?;
    }
    if let Some(n) = args.posts_per_commune {
        spec.posts_per_commune = n;
    }
    if let Some(k) = &args.candidates_per_post {
        spec.candidates_per_post = parse_range(k)?;
    }
    let started = std::time::Instant::now();
    let g = crate::generate::generate(out, &spec, name).map_err(|e| match e {
        GenerateError::Spec(m) => Error::Usage(m),
        GenerateError::Output { path, source } => Error::Output { path, source },
        other => Error::Internal(other.to_string()),
    })?;
    eprintln!(
        "wrote {}: {} communes, {} posts, {} cadres in {:.1} s",
        out.display(),
        g.communes,
        g.posts,
        g.cadres,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
