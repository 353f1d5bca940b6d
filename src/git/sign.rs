//! Signing a commit as `git commit` signs it when `commit.gpgsign` is set: a repository whose
//! commits must be signed gets signed commits from `review commit` too, never unsigned ones in
//! silence.
//!
//! git's own rules (gpg-interface.c): `gpg.format` picks OpenPGP (the default), X.509 or SSH;
//! the program is `gpg.<format>.program` (`gpg.program` for OpenPGP too), by default `gpg`,
//! `gpgsm` or `ssh-keygen`; the key is `user.signingkey`, by default the committer's `Name
//! <email>` for OpenPGP and X.509. OpenPGP and X.509 sign the commit on stdin with `--status-fd=2
//! -bsau KEY` and must report `SIG_CREATED`; SSH signs a temporary file with `-Y sign -n git -f
//! KEY` (a literal key, `key::…` or `ssh-…`, is written to a temporary file and signed with
//! `-U`, through the agent). The signature goes in the commit's `gpgsig` header.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use git2::Repository;

use crate::error::{Error, Result};

/// How the commits of a repository are signed.
pub struct Signer {
    format: Format,
    /// The program to run.
    program: String,
    /// `user.signingkey` (a key id, a key file, or a literal SSH key), if set.
    key: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    OpenPgp,
    X509,
    Ssh,
}

impl Signer {
    /// Returns how to sign, or `None` when `commit.gpgsign` is off (or unset).
    pub fn from_config(repo: &Repository) -> Result<Option<Self>> {
        let config = super::config_snapshot(repo)?;
        if !config.get_bool("commit.gpgsign").unwrap_or(false) {
            return Ok(None);
        }
        let string = |name: &str| config.get_string(name).ok().filter(|s| !s.is_empty());
        let format = match string("gpg.format").as_deref() {
            None | Some("openpgp") => Format::OpenPgp,
            Some("x509") => Format::X509,
            Some("ssh") => Format::Ssh,
            Some(other) => {
                return Err(Error::usage(format!(
                    "cannot sign the commit (gpg.format is `{other}`; git knows openpgp, x509 and ssh); nothing was committed"
                )));
            }
        };
        let program = match format {
            Format::OpenPgp => string("gpg.openpgp.program")
                .or_else(|| string("gpg.program"))
                .unwrap_or_else(|| "gpg".to_owned()),
            Format::X509 => string("gpg.x509.program").unwrap_or_else(|| "gpgsm".to_owned()),
            Format::Ssh => string("gpg.ssh.program").unwrap_or_else(|| "ssh-keygen".to_owned()),
        };
        let key = string("user.signingkey");
        if format == Format::Ssh && key.is_none() {
            return Err(Error::usage(
                "cannot sign the commit (commit.gpgsign is set with gpg.format ssh, but user.signingkey is not); nothing was committed",
            )
            .hint("set user.signingkey to your SSH key (`git config user.signingkey ~/.ssh/id_ed25519.pub`), or commit with git"));
        }
        Ok(Some(Self {
            format,
            program,
            key,
        }))
    }

    /// Signs `payload` (a commit object's text) as `committer` (`Name <email>`), returning the
    /// armored signature.
    pub fn sign(&self, payload: &str, committer: &str) -> Result<String> {
        let signature = match self.format {
            Format::OpenPgp | Format::X509 => self.sign_gpg(payload, committer),
            Format::Ssh => self.sign_ssh(payload),
        }
        .map_err(|reason| {
            Error::failure(format!(
                "cannot sign the commit ({reason}); nothing was committed"
            ))
            .hint("commit.gpgsign is set: fix the signing setup (`git commit -S` fails the same way), or unset it")
        })?;
        String::from_utf8(signature).map_err(|_| {
            Error::failure(
                "cannot sign the commit (the signature is not text); nothing was committed",
            )
        })
    }

    fn sign_gpg(&self, payload: &str, committer: &str) -> std::result::Result<Vec<u8>, String> {
        let key = self.key.as_deref().unwrap_or(committer);
        let mut command = Command::new(&self.program);
        command.args(["--status-fd=2", "-bsau", key]);
        let (stdout, stderr) = run(&mut command, payload.as_bytes(), &self.program)?;
        let status = String::from_utf8_lossy(&stderr);
        if !format!("\n{status}").contains("\n[GNUPG:] SIG_CREATED ") {
            return Err(format!(
                "{} did not sign: {}",
                self.program,
                last_words(&status)
            ));
        }
        Ok(stdout)
    }

    fn sign_ssh(&self, payload: &str) -> std::result::Result<Vec<u8>, String> {
        let key = self.key.as_deref().unwrap_or_default();
        let literal = key
            .strip_prefix("key::")
            .or_else(|| key.starts_with("ssh-").then_some(key));
        let scratch =
            tempfile::tempdir().map_err(|err| format!("cannot make a temporary folder: {err}"))?;
        let key_file = match literal {
            Some(public) => {
                let path = scratch.path().join("key");
                std::fs::write(&path, format!("{public}\n"))
                    .map_err(|err| format!("cannot write the key to a temporary file: {err}"))?;
                path
            }
            None => expand_home(key),
        };
        let buffer = scratch.path().join("buffer");
        std::fs::File::create(&buffer)
            .and_then(|mut file| file.write_all(payload.as_bytes()))
            .map_err(|err| format!("cannot write the commit to a temporary file: {err}"))?;
        let mut command = Command::new(&self.program);
        command
            .args(["-Y", "sign", "-n", "git", "-f"])
            .arg(&key_file);
        if literal.is_some() {
            command.arg("-U");
        }
        command.arg(&buffer);
        let (_, stderr) = run(&mut command, b"", &self.program)?;
        std::fs::read(scratch.path().join("buffer.sig")).map_err(|_| {
            format!(
                "{} wrote no signature: {}",
                self.program,
                last_words(&String::from_utf8_lossy(&stderr))
            )
        })
    }
}

/// Runs a signing program with `input` on stdin; returns its stdout and stderr, or why it
/// failed.
fn run(
    command: &mut Command,
    input: &[u8],
    program: &str,
) -> std::result::Result<(Vec<u8>, Vec<u8>), String> {
    command.stdout(Stdio::piped()).stderr(Stdio::piped());
    let (output, fed) = super::run_fed(command, input.to_vec())
        .map_err(|err| format!("cannot run {program}: {err}"))?;
    if !output.status.success() {
        return Err(format!(
            "{program} failed ({}): {}",
            output.status,
            last_words(&String::from_utf8_lossy(&output.stderr))
        ));
    }
    fed.map_err(|err| format!("cannot feed {program} the commit: {err}"))?;
    Ok((output.stdout, output.stderr))
}

/// The last non-empty line a program said that is not a `[GNUPG:]` status line.
fn last_words(stderr: &str) -> String {
    stderr
        .lines()
        .rev()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with("[GNUPG:]"))
        .unwrap_or("it said nothing")
        .to_owned()
}

/// `~/…` as git expands a path in its configuration.
fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(path),
    }
}
