//! git's commit-graph (`gitformat-commit-graph`): the parents and root tree of every commit it
//! lists, without inflating a commit object. `git gc`, `git maintenance` and `git fetch` write
//! it; when it is there, the first-parent walk reads it instead of the objects.
//!
//! Trusted only whole: the signature, versions, chunk table, sizes and the trailing SHA-1 of
//! every file must hold (and, in a split chain, each file's name and its list of base files),
//! or the graph is not used at all and the walk reads objects, as without one. It is never
//! trusted beyond what it lists: a commit newer than the graph is read from its object, and the
//! walk joins the graph at the first commit it lists. A parent position out of range stops the
//! graph's use at that commit.

use std::path::Path;

use git2::Oid;

/// Bytes of a SHA-1 object id, the only hash this reader takes (hash version 1).
const HASH: usize = 20;
/// A commit's record in the CDAT chunk: root tree, two parent positions, generation and time.
const DATA: usize = HASH + 16;
/// The parent position of "no parent".
const NO_PARENT: usize = 0x7000_0000;
/// Header (8 bytes) and the chunk table's terminating entry (12 bytes).
const HEADER: usize = 8;
const CHUNK_ENTRY: usize = 12;

/// The SHA-1 of `bytes`, as git's files end with: with the CPU's SHA instructions where it has
/// them (a 50,000-commit graph is 2.8 MB, and a portable SHA-1 of it was a tenth of a `diff`).
pub(super) fn sha1_of(bytes: &[u8]) -> [u8; HASH] {
    use ::sha1::Digest;
    ::sha1::Sha1::digest(bytes).into()
}

/// A commit's place in the graph, counted across layers from the base: what a parent
/// position in a record names, and an index into what is kept per listed commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Position(pub(super) usize);

/// What the graph says of one commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct GraphCommit {
    /// The commit's root tree.
    pub tree: Oid,
    /// Its first parent, `None` for a root commit.
    pub first_parent: Option<Oid>,
}

/// What the graph says of one commit for a walk over every parent, in commit-time order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct GraphNode {
    /// Committer time, seconds since the epoch.
    pub time: i64,
    /// Every parent, in order, by where the graph lists it (a parent is always listed).
    pub parents: Vec<Position>,
}

/// One file of the graph: `commit-graph`, or one layer of a split chain.
struct Layer {
    bytes: Vec<u8>,
    /// Commits listed in this file.
    count: usize,
    /// Commits listed in the layers below (positions count across layers, base first).
    below: usize,
    /// Offsets of the OIDF (fanout), OIDL (sorted ids) and CDAT (commit data) chunks.
    fanout: usize,
    ids: usize,
    data: usize,
    /// The EDGE chunk (the third and later parents of octopus merges): offset and length.
    edges: Option<(usize, usize)>,
}

/// Where git keeps an objects directory's graph, relative to it: one file, else a chain of
/// layers listed in a file of the layers' directory.
const GRAPH_FILE: &str = "info/commit-graph";
const LAYERS_DIR: &str = "info/commit-graphs";
const CHAIN_FILE: &str = "commit-graph-chain";

/// A commit-graph that passed every check.
pub(super) struct CommitGraph {
    /// Base layer first.
    layers: Vec<Layer>,
}

impl CommitGraph {
    /// Tells whether `objects` holds a commit-graph to open (a file or a chain of layers),
    /// without reading it.
    pub fn is_present(objects: &Path) -> bool {
        objects.join(GRAPH_FILE).exists() || objects.join(LAYERS_DIR).join(CHAIN_FILE).exists()
    }

    /// Reads the graph of an objects directory: `info/commit-graph`, else the split chain under
    /// `info/commit-graphs/` (git's order). `None` when there is none or any part fails a check.
    pub fn open(objects: &Path) -> Option<Self> {
        if let Ok(bytes) = std::fs::read(objects.join(GRAPH_FILE)) {
            return Some(Self {
                layers: vec![Layer::parse(bytes, 0, &[])?],
            });
        }
        let dir = objects.join(LAYERS_DIR);
        let chain = std::fs::read_to_string(dir.join(CHAIN_FILE)).ok()?;
        let mut layers: Vec<Layer> = Vec::new();
        let mut hashes: Vec<[u8; HASH]> = Vec::new();
        for name in chain.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let hash = Oid::from_str(name)
                .ok()
                .filter(|_| name.len() == 2 * HASH)?;
            let bytes = std::fs::read(dir.join(format!("graph-{name}.graph"))).ok()?;
            let below = layers.last().map_or(0, |l| l.below + l.count);
            let layer = Layer::parse(bytes, below, &hashes)?;
            // A layer is named by its checksum: a file swapped under the name does not belong.
            if layer.checksum() != hash.as_bytes() {
                return None;
            }
            hashes.push(layer.checksum().try_into().ok()?);
            layers.push(layer);
        }
        (!layers.is_empty()).then_some(Self { layers })
    }

    /// What the graph lists for `id`; `None` when it does not list it (or a parent position in
    /// its record points outside the graph).
    #[cfg(test)]
    pub fn commit(&self, id: Oid) -> Option<GraphCommit> {
        self.commit_at(self.position(id)?).map(|(listed, _)| listed)
    }

    /// Where the graph lists `id`, if it does.
    pub fn position(&self, id: Oid) -> Option<Position> {
        let (layer, index) = self.find(id)?;
        Some(Position(layer.below + index))
    }

    /// What the graph lists at `at`, and where it lists the first parent: a walk down the
    /// first-parent chain follows positions, and never searches the ids for a parent.
    pub fn commit_at(&self, at: Position) -> Option<(GraphCommit, Option<Position>)> {
        let layer = self.layer_of(at.0)?;
        let record = &layer.bytes[layer.data + (at.0 - layer.below) * DATA..][..DATA];
        let tree = Oid::from_bytes(&record[..HASH]).ok()?;
        let position = be32(record, HASH);
        if position == NO_PARENT {
            return Some((
                GraphCommit {
                    tree,
                    first_parent: None,
                },
                None,
            ));
        }
        // Parents sit in this layer or below it, never above.
        if position >= layer.below + layer.count {
            return None;
        }
        let first_parent = Some(self.id_at(Position(position))?);
        Some((GraphCommit { tree, first_parent }, Some(Position(position))))
    }

    /// How many commits the graph lists, across its layers: one past its last position.
    pub fn len(&self) -> usize {
        self.layers.last().map_or(0, |l| l.below + l.count)
    }

    /// The sorted ids of each layer, as one run of 20-byte ids, with the position of its first.
    pub fn sorted_ids(&self) -> impl Iterator<Item = (Position, &[u8])> {
        self.layers
            .iter()
            .map(|l| (Position(l.below), &l.bytes[l.ids..][..l.count * HASH]))
    }

    /// Every parent and the committer time of the commit at `at`; `None` when a parent position
    /// in its record points outside what the graph holds.
    pub fn node_at(&self, at: Position) -> Option<GraphNode> {
        let layer = self.layer_of(at.0)?;
        let record = &layer.bytes[layer.data + (at.0 - layer.below) * DATA..][..DATA];
        let limit = layer.below + layer.count;
        let time = ((be32(record, HASH + 8) & 0x3) << 32) | be32(record, HASH + 12);
        let mut parents = Vec::with_capacity(2);
        let position = |p: usize| (p < limit).then_some(Position(p));
        let first = be32(record, HASH);
        if first != NO_PARENT {
            parents.push(position(first)?);
        }
        let second = be32(record, HASH + 4);
        if second == NO_PARENT {
        } else if second & 0x8000_0000 == 0 {
            parents.push(position(second)?);
        } else {
            // An octopus: its other parents are listed in EDGE from this index, the last one
            // marked by the high bit.
            let (edges, len) = layer.edges?;
            let mut at = (second & 0x7FFF_FFFF) * 4;
            loop {
                if at + 4 > len {
                    return None;
                }
                let edge = be32(&layer.bytes, edges + at);
                parents.push(position(edge & 0x7FFF_FFFF)?);
                if edge & 0x8000_0000 != 0 {
                    break;
                }
                at += 4;
            }
        }
        Some(GraphNode {
            time: i64::try_from(time).ok()?,
            parents,
        })
    }

    /// Finds the layer and the index in it of a commit.
    fn find(&self, id: Oid) -> Option<(&Layer, usize)> {
        let id = id.as_bytes();
        self.layers
            .iter()
            .find_map(|layer| layer.index_of(id).map(|index| (layer, index)))
    }

    /// The layer that holds a position counted across layers.
    fn layer_of(&self, position: usize) -> Option<&Layer> {
        self.layers
            .iter()
            .find(|l| position >= l.below && position < l.below + l.count)
    }

    /// The id at a position counted across layers.
    pub fn id_at(&self, at: Position) -> Option<Oid> {
        let layer = self.layer_of(at.0)?;
        Oid::from_bytes(layer.id(at.0 - layer.below)).ok()
    }
}

impl Layer {
    /// Checks a graph file whole and finds its chunks; `bases` are the checksums of the layers
    /// below it, which its BASE chunk must list in the same order.
    fn parse(bytes: Vec<u8>, below: usize, bases: &[[u8; HASH]]) -> Option<Self> {
        let len = bytes.len();
        if len < HEADER + CHUNK_ENTRY + HASH
            || &bytes[..4] != b"CGPH"
            || bytes[4] != 1
            || bytes[5] != 1
            || usize::from(bytes[7]) != bases.len()
        {
            return None;
        }
        let (content, checksum) = bytes.split_at(len - HASH);
        if sha1_of(content)[..] != *checksum {
            return None;
        }
        // The chunk table: `count` entries then a terminating one; a chunk runs to the next.
        let count = usize::from(bytes[6]);
        let table_end = HEADER + (count + 1) * CHUNK_ENTRY;
        if table_end > content.len() {
            return None;
        }
        let entry = |i: usize| -> Option<([u8; 4], usize)> {
            let raw = &bytes[HEADER + i * CHUNK_ENTRY..][..CHUNK_ENTRY];
            let offset = u64::from_be_bytes(raw[4..].try_into().ok()?);
            Some((raw[..4].try_into().ok()?, usize::try_from(offset).ok()?))
        };
        let mut chunks = Vec::with_capacity(count);
        for i in 0..count {
            let ((id, start), (_, end)) = (entry(i)?, entry(i + 1)?);
            if start < table_end || end < start || end > content.len() {
                return None;
            }
            chunks.push((id, start, end - start));
        }
        let chunk = |id: &[u8; 4]| chunks.iter().find(|c| &c.0 == id).map(|c| (c.1, c.2));
        let (fanout, fanout_len) = chunk(b"OIDF")?;
        let (ids, ids_len) = chunk(b"OIDL")?;
        let (data, data_len) = chunk(b"CDAT")?;
        if fanout_len != 256 * 4 {
            return None;
        }
        let fan = |i: usize| be32(&bytes, fanout + 4 * i);
        if (1..256).any(|i| fan(i) < fan(i - 1)) {
            return None;
        }
        let commits = fan(255);
        if ids_len != commits * HASH || data_len != commits * DATA {
            return None;
        }
        if !bases.is_empty() {
            let (base, base_len) = chunk(b"BASE")?;
            if bytes[base..base + base_len] != *bases.concat() {
                return None;
            }
        }
        let edges = chunk(b"EDGE");
        Some(Self {
            bytes,
            count: commits,
            below,
            fanout,
            ids,
            data,
            edges,
        })
    }

    /// The file's trailing SHA-1.
    fn checksum(&self) -> &[u8] {
        &self.bytes[self.bytes.len() - HASH..]
    }

    fn id(&self, index: usize) -> &[u8] {
        &self.bytes[self.ids + index * HASH..][..HASH]
    }

    /// Binary search within the ids that share `id`'s first byte (the fanout says where).
    fn index_of(&self, id: &[u8]) -> Option<usize> {
        let fan = |byte: usize| be32(&self.bytes, self.fanout + 4 * byte);
        let first = usize::from(id[0]);
        let (mut low, mut high) = (if first == 0 { 0 } else { fan(first - 1) }, fan(first));
        while low < high {
            let middle = low + (high - low) / 2;
            match self.id(middle).cmp(id) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return Some(middle),
            }
        }
        None
    }
}

/// The big-endian 32-bit number at `at` (callers checked the bounds).
fn be32(bytes: &[u8], at: usize) -> usize {
    let raw = &bytes[at..at + 4];
    u32::from_be_bytes([raw[0], raw[1], raw[2], raw[3]]) as usize
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::process::Command;

    use super::*;
    use crate::git::History;

    fn git(dir: &Path, args: &[&str]) -> String {
        let output = Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "A")
            .env("GIT_AUTHOR_EMAIL", "a@example.com")
            .env("GIT_COMMITTER_NAME", "A")
            .env("GIT_COMMITTER_EMAIL", "a@example.com")
            .output()
            .unwrap();
        assert!(output.status.success(), "git {args:?}: {output:?}");
        String::from_utf8(output.stdout).unwrap()
    }

    /// 24 commits on `main` with a merge of a side branch every 8th, a graph of them, then
    /// `extra` more commits; with `split`, the graph is a chain and a second layer lists those.
    fn repository(extra: usize, split: bool) -> tempfile::TempDir {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path();
        git(dir, &["init", "-q", "-b", "main"]);
        // Side commits write their own file, so merges never conflict.
        let commit = |i: usize| {
            let file = if (100..200).contains(&i) {
                "side.json"
            } else {
                "file.json"
            };
            std::fs::write(dir.join(file), format!("{i}\n")).unwrap();
            git(dir, &["add", file]);
            let date = format!("--date=2022-{:02}-01T12:00:00+09:00", i % 12 + 1);
            git(dir, &["commit", "-q", "-m", &format!("step {i}"), &date]);
        };
        for i in 0..24 {
            if i % 8 == 7 {
                git(dir, &["checkout", "-q", "-b", &format!("side{i}")]);
                commit(100 + i);
                git(dir, &["checkout", "-q", "main"]);
                commit(i);
                git(
                    dir,
                    &["merge", "-q", "--no-ff", "-m", "merge", &format!("side{i}")],
                );
            } else {
                commit(i);
            }
        }
        let mode = if split {
            "--split=no-merge"
        } else {
            "--reachable"
        };
        git(dir, &["commit-graph", "write", "--reachable", mode]);
        for i in 0..extra {
            commit(200 + i);
        }
        if split {
            git(dir, &["commit-graph", "write", "--reachable", mode]);
        }
        temp
    }

    /// Every commit reachable from HEAD, as libgit2 reads it from its object.
    fn objects(dir: &Path) -> Vec<(Oid, GraphCommit)> {
        let repo = git2::Repository::open(dir).unwrap();
        let mut walk = repo.revwalk().unwrap();
        walk.push_head().unwrap();
        walk.map(|id| {
            let commit = repo.find_commit(id.unwrap()).unwrap();
            let listed = GraphCommit {
                tree: commit.tree_id(),
                first_parent: commit.parent_id(0).ok(),
            };
            (commit.id(), listed)
        })
        .collect()
    }

    #[test]
    fn the_graph_lists_every_commit_as_its_object_says() {
        // One file; then a split chain whose upper layer lists the five newest commits.
        for (extra, split) in [(0, false), (5, true)] {
            let temp = repository(extra, split);
            let graph = CommitGraph::open(&temp.path().join(".git/objects")).unwrap();
            assert_eq!(graph.layers.len(), if split { 2 } else { 1 });
            for (id, expected) in objects(temp.path()) {
                assert_eq!(graph.commit(id), Some(expected), "{id}");
            }
        }
    }

    #[test]
    fn a_graph_does_not_list_what_is_newer_than_it() {
        let temp = repository(3, false);
        let graph = CommitGraph::open(&temp.path().join(".git/objects")).unwrap();
        let all = objects(temp.path());
        let unlisted = all
            .iter()
            .filter(|(id, _)| graph.commit(*id).is_none())
            .count();
        assert_eq!(unlisted, 3);
    }

    #[test]
    fn a_damaged_graph_is_not_used() {
        let temp = repository(0, false);
        let objects = temp.path().join(".git/objects");
        let path = objects.join("info/commit-graph");
        let bytes = std::fs::read(&path).unwrap();
        // Every single flipped byte, anywhere in the file, is caught.
        for at in (0..bytes.len()).step_by(7) {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x20;
            std::fs::write(&path, &damaged).unwrap();
            assert!(CommitGraph::open(&objects).is_none(), "byte {at}");
        }
        for len in [0, 7, 30, bytes.len() - 1] {
            std::fs::write(&path, &bytes[..len]).unwrap();
            assert!(CommitGraph::open(&objects).is_none(), "{len} bytes");
        }
    }

    #[test]
    fn with_a_graph_and_known_dates_the_walk_reads_no_commit_object() {
        let temp = repository(4, false);
        let records = temp.path();
        let chain = |history: &History| -> Vec<(String, i64, i32)> {
            history
                .chain()
                .iter()
                .map(|c| (c.id.to_string(), c.time, c.offset_minutes))
                .collect()
        };
        let cold = History::open_with(records, &Default::default(), &Default::default())
            .unwrap()
            .unwrap();
        let walked = chain(&cold);
        // The four commits newer than the graph, and every listed commit for its date.
        assert_eq!(cold.objects_read.get(), walked.len());
        // The dates read are written when history is done with.
        drop(cold);
        let warm = History::open_with(records, &Default::default(), &Default::default())
            .unwrap()
            .unwrap();
        assert_eq!(chain(&warm), walked);
        assert_eq!(
            warm.objects_read.get(),
            4,
            "only the commits the graph does not list"
        );
        std::fs::remove_file(records.join(".git/objects/info/commit-graph")).unwrap();
        let without = History::open_with(records, &Default::default(), &Default::default())
            .unwrap()
            .unwrap();
        assert_eq!(chain(&without), walked);
        assert_eq!(without.objects_read.get(), walked.len());
    }
}
