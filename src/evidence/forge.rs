//! Links to pull requests, commits and releases on the forge a remote URL points at.
//!
//! Only known forges get links (GitHub, GitLab, Gitea and Forgejo, Bitbucket Cloud and Server),
//! recognised by host name; any other host gets none, since a guessed URL pattern would be a
//! broken link in a review. SSH and HTTPS remotes give the same web address. A remote whose host
//! or path holds anything but plain URL characters gets no link either: a link built from it
//! could carry markup or a script into an output.

/// The forges whose URL patterns are known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// github.com or GitHub Enterprise.
    GitHub,
    /// gitlab.com or a self-hosted GitLab.
    GitLab,
    /// Gitea, Forgejo, Codeberg.
    Gitea,
    /// bitbucket.org.
    Bitbucket,
    /// Bitbucket Server / Data Center (`/scm/PROJECT/repo`).
    BitbucketServer,
}

/// A repository's home page on a forge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forge {
    /// Which URL patterns apply.
    pub kind: Kind,
    /// The repository's web address, e.g. `https://github.com/owner/tool`.
    pub base: String,
}

fn plain(text: &str, extra: &[char]) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._~".contains(c) || extra.contains(&c))
}

impl Forge {
    /// Recognises a remote URL: `https://host/owner/repo(.git)`, `ssh://git@host(:port)/owner/repo`,
    /// `git@host:owner/repo.git`. Returns `None` for an unknown host or an unusual URL.
    pub fn parse(url: &str) -> Option<Self> {
        let url = url.trim();
        let (scheme, rest) = match url.split_once("://") {
            Some((scheme, rest)) => (scheme.to_ascii_lowercase(), rest),
            // scp-like: `git@host:owner/repo`, where the colon comes before any slash.
            None => {
                let colon = url.find(':')?;
                if url[..colon].contains('/') {
                    return None;
                }
                ("ssh".to_owned(), url)
            }
        };
        let (authority, path) = match scheme.as_str() {
            "https" | "http" | "ssh" | "git" | "git+ssh" | "ssh+git" => {
                let split = if url.contains("://") {
                    rest.find('/')
                } else {
                    rest.find(':')
                }?;
                (&rest[..split], &rest[split + 1..])
            }
            _ => return None,
        };
        let host_port = authority.rsplit('@').next()?;
        let (host, port) = match host_port.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (host_port, None),
        };
        let host = host.to_ascii_lowercase();
        if !plain(&host, &[]) {
            return None;
        }
        let path = path.trim_matches('/');
        let path = path.strip_suffix(".git").unwrap_or(path);
        let segments: Vec<&str> = path.split('/').collect();
        if segments.len() < 2 || !segments.iter().all(|s| plain(s, &[])) {
            return None;
        }
        // The web runs on HTTP(S); an SSH port says nothing about it.
        let web_scheme = if scheme == "http" { "http" } else { "https" };
        let authority = match port {
            Some(port) if scheme.starts_with("http") && plain(port, &[]) => {
                format!("{host}:{port}")
            }
            _ => host.clone(),
        };
        let has = |word: &str| host.split(['.', '-']).any(|part| part == word);
        let kind = if has("github") {
            Kind::GitHub
        } else if has("gitlab") {
            Kind::GitLab
        } else if has("gitea") || has("forgejo") || has("codeberg") {
            Kind::Gitea
        } else if has("bitbucket") && segments[0].eq_ignore_ascii_case("scm") {
            Kind::BitbucketServer
        } else if has("bitbucket") {
            Kind::Bitbucket
        } else {
            return None;
        };
        let base = match kind {
            Kind::BitbucketServer if segments.len() == 3 => format!(
                "{web_scheme}://{authority}/projects/{}/repos/{}",
                segments[1].to_ascii_uppercase(),
                segments[2]
            ),
            Kind::BitbucketServer => return None,
            // GitLab nests groups; the others have exactly an owner and a name.
            Kind::GitLab => format!("{web_scheme}://{authority}/{}", segments.join("/")),
            _ if segments.len() == 2 => format!("{web_scheme}://{authority}/{path}"),
            _ => return None,
        };
        Some(Self { kind, base })
    }

    /// Returns the page of pull (merge) request `number`.
    pub fn pull_request(&self, number: u32) -> String {
        let base = &self.base;
        match self.kind {
            Kind::GitHub => format!("{base}/pull/{number}"),
            Kind::GitLab => format!("{base}/-/merge_requests/{number}"),
            Kind::Gitea => format!("{base}/pulls/{number}"),
            Kind::Bitbucket | Kind::BitbucketServer => format!("{base}/pull-requests/{number}"),
        }
    }

    /// Returns the page of commit `id`.
    pub fn commit(&self, id: &str) -> String {
        let base = &self.base;
        match self.kind {
            Kind::GitHub | Kind::Gitea => format!("{base}/commit/{id}"),
            Kind::GitLab => format!("{base}/-/commit/{id}"),
            Kind::Bitbucket | Kind::BitbucketServer => format!("{base}/commits/{id}"),
        }
    }

    /// Returns the page of tag `name` (its release where the forge has releases).
    pub fn tag(&self, name: &str) -> String {
        let base = &self.base;
        let name = encode(name);
        match self.kind {
            Kind::GitHub | Kind::Gitea => format!("{base}/releases/tag/{name}"),
            Kind::GitLab => format!("{base}/-/tags/{name}"),
            Kind::Bitbucket => format!("{base}/src/{name}"),
            Kind::BitbucketServer => format!("{base}/browse?at=refs%2Ftags%2F{name}"),
        }
    }
}

/// Percent-encodes everything but unreserved characters.
fn encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base(url: &str) -> Option<String> {
        Forge::parse(url).map(|f| f.base)
    }

    #[test]
    fn ssh_and_https_remotes_give_the_same_page() {
        for url in [
            "https://github.com/acme/tool.git",
            "https://user@github.com/acme/tool",
            "git@github.com:acme/tool.git",
            "ssh://git@github.com/acme/tool.git",
            "ssh://git@github.com:22/acme/tool/",
        ] {
            assert_eq!(
                base(url).as_deref(),
                Some("https://github.com/acme/tool"),
                "{url}"
            );
        }
    }

    #[test]
    fn each_forge_has_its_patterns() {
        let gitlab = Forge::parse("git@gitlab.example.com:group/sub/tool.git").unwrap();
        assert_eq!(
            gitlab.pull_request(45),
            "https://gitlab.example.com/group/sub/tool/-/merge_requests/45"
        );
        assert_eq!(
            gitlab.commit("abc"),
            "https://gitlab.example.com/group/sub/tool/-/commit/abc"
        );
        let gitea = Forge::parse("https://codeberg.org/me/tool").unwrap();
        assert_eq!(
            gitea.pull_request(3),
            "https://codeberg.org/me/tool/pulls/3"
        );
        assert_eq!(
            gitea.tag("v1.0"),
            "https://codeberg.org/me/tool/releases/tag/v1.0"
        );
        let bitbucket = Forge::parse("git@bitbucket.org:team/tool.git").unwrap();
        assert_eq!(
            bitbucket.commit("abc"),
            "https://bitbucket.org/team/tool/commits/abc"
        );
        let server = Forge::parse("ssh://git@bitbucket.corp.example:7999/scm/proj/tool.git");
        assert_eq!(
            server.unwrap().pull_request(7),
            "https://bitbucket.corp.example/projects/PROJ/repos/tool/pull-requests/7"
        );
        let github = Forge::parse("https://github.example.com:8443/o/r").unwrap();
        assert_eq!(
            github.tag("release/1 0"),
            "https://github.example.com:8443/o/r/releases/tag/release%2F1%200"
        );
    }

    #[test]
    fn unknown_hosts_and_odd_urls_get_no_link() {
        assert_eq!(base("https://git.example.com/o/r.git"), None);
        assert_eq!(base("/srv/git/tool.git"), None);
        assert_eq!(base("file:///srv/github/o/r"), None);
        assert_eq!(base("https://github.com/o/r\"><script>"), None);
        assert_eq!(base("https://github.com/only-owner"), None);
        assert_eq!(base("https://mygithubmirror.com/o/r"), None);
    }
}
