//! The example's records grown `factor` times, for the compile's growth rows: every project file
//! copied `factor` times (`dna-plus-2.json`, ...), every item of every section repeated `factor`
//! times, each copy with its own id and a numbered text, so the review holds `factor` times the
//! projects and the items. review.json and the goals stay as they are (goals name projects).

use std::io;
use std::path::Path;

use serde_json::Value;

/// Writes `from` grown `factor` times to `out` (which must not exist).
pub fn scale(factor: usize, from: &Path, out: &Path) -> io::Result<()> {
    std::fs::create_dir_all(out.join("projects"))?;
    for entry in std::fs::read_dir(from)? {
        let path = entry?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
            continue;
        };
        if path.is_dir() && name == "schemas" {
            std::fs::create_dir_all(out.join("schemas"))?;
            for schema in std::fs::read_dir(&path)? {
                let schema = schema?.path();
                if let Some(file) = schema.file_name() {
                    std::fs::copy(&schema, out.join("schemas").join(file))?;
                }
            }
        } else if name.ends_with(".json") {
            let mut value = read(&path)?;
            if name != "review.json" && name != "goals.json" {
                repeat_items(&mut value, factor);
            }
            write(&out.join(&name), &value)?;
        }
    }
    for entry in std::fs::read_dir(from.join("projects"))? {
        let path = entry?.path();
        let Some(stem) = path.file_stem().and_then(|n| n.to_str()).map(str::to_owned) else {
            continue;
        };
        let project = read(&path)?;
        write(&out.join("projects").join(format!("{stem}.json")), &project)?;
        for copy in 2..=factor {
            let mut project = project.clone();
            if let Some(Value::String(title)) = project.get_mut("title") {
                *title = format!("{title} ({copy})");
            }
            write(
                &out.join("projects").join(format!("{stem}-{copy}.json")),
                &project,
            )?;
        }
    }
    Ok(())
}

/// Repeats every item of a section `factor` times: `id-2`, `text (2)`, ...
fn repeat_items(section: &mut Value, factor: usize) {
    let Some(Value::Array(items)) = section.get_mut("items") else {
        return;
    };
    let mut grown = Vec::with_capacity(items.len() * factor);
    for item in items.iter() {
        grown.push(item.clone());
        for copy in 2..=factor {
            let mut item = item.clone();
            if let Value::Object(fields) = &mut item {
                if let Some(Value::String(id)) = fields.get_mut("id") {
                    *id = format!("{id}-{copy}");
                }
                if let Some(Value::String(text)) = fields.get_mut("text") {
                    *text = format!("{text} ({copy})");
                }
            }
            grown.push(item);
        }
    }
    *items = grown;
}

fn read(path: &Path) -> io::Result<Value> {
    let text = std::fs::read_to_string(path)?;
    serde_json::from_str(&text)
        .map_err(|err| io::Error::other(format!("{}: {err}", path.display())))
}

fn write(path: &Path, value: &Value) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
    std::fs::write(path, text + "\n")
}
