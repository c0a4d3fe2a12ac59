//! Template functions for content images:
//! `resize_image(path=…, width=…, height=…, op="fit"|"fill"|"scale",
//! format=…, quality=…)` → `{url, width, height}`, the file published
//! beside the image; `image_meta(path=…)` → `{width, height, format}`
//! without processing. `path` is the image's path in content/
//! (`guides/menu/shot.png`, or `@/guides/menu/shot.png`).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use tera::{Error, Kwargs, State, Tera, Value};

use super::object::object;
use crate::images::on_demand::{self, Request};
use crate::images::{Format, resize::Op};
use crate::model::Site;
use crate::url::BaseUrl;

/// What both functions read: every content asset by its content path.
struct Images {
    /// Content path → (file on disk, output path, asset index).
    assets: HashMap<String, (PathBuf, String, usize)>,
    root: PathBuf,
    quality: u8,
    base: BaseUrl,
    made: Arc<Mutex<std::collections::BTreeMap<String, (PathBuf, usize)>>>,
}

impl Images {
    fn asset(&self, function: &str, kwargs: &Kwargs) -> Result<&(PathBuf, String, usize), Error> {
        let path: String = kwargs.must_get("path")?;
        let rel = path.trim_start_matches("@/").trim_start_matches('/');
        self.assets
            .get(rel)
            .ok_or_else(|| Error::message(format!("{function}: no file content/{rel}")))
    }
}

pub(crate) fn register(tera: &mut Tera, site: &Site) {
    let assets = site
        .asset_by_source
        .iter()
        .filter_map(|(rel, output)| {
            let i = site.assets.iter().position(|a| &a.output == output)?;
            Some((
                rel.clone(),
                (site.assets[i].source.clone(), output.clone(), i),
            ))
        })
        .collect();
    let images = Arc::new(Images {
        assets,
        root: site.images.root.clone(),
        quality: site.config.images.quality,
        base: site.config.base_url.clone(),
        made: Arc::clone(&site.images.made),
    });
    let meta = Arc::clone(&images);
    tera.register_function(
        "image_meta",
        move |kwargs: Kwargs, _: &State| -> Result<Value, Error> {
            let (source, _, _) = meta.asset("image_meta", &kwargs)?;
            let (width, height, format) = on_demand::meta(source)
                .map_err(|why| Error::message(format!("image_meta: {} {why}", source.display())))?;
            Ok(object(vec![
                ("width", Value::from(width)),
                ("height", Value::from(height)),
                ("format", Value::from(format.name())),
            ]))
        },
    );
    tera.register_function(
        "resize_image",
        move |kwargs: Kwargs, _: &State| -> Result<Value, Error> { resize_image(&images, &kwargs) },
    );
}

fn resize_image(images: &Images, kwargs: &Kwargs) -> Result<Value, Error> {
    let (source, output, index) = images.asset("resize_image", kwargs)?;
    let op_name = kwargs.get::<String>("op")?.unwrap_or_else(|| "fit".into());
    let op = Op::from_name(&op_name).ok_or_else(|| {
        Error::message(format!(
            "resize_image: op `{op_name}` is not one of fit, fill, scale"
        ))
    })?;
    let format = match kwargs.get::<String>("format")? {
        None => None,
        Some(name) if name == "auto" => None,
        Some(name) => Some(
            Format::from_name(&name)
                .filter(|f| *f != Format::Gif)
                .ok_or_else(|| {
                    Error::message(format!(
                        "resize_image: format `{name}` is not one of webp, png, jpeg, auto"
                    ))
                })?,
        ),
    };
    let request = Request {
        width: kwargs.get::<u32>("width")?,
        height: kwargs.get::<u32>("height")?,
        op,
        format,
        quality: kwargs
            .get::<u8>("quality")?
            .unwrap_or(images.quality)
            .clamp(1, 100),
    };
    if op != Op::Fit && (request.width.is_none() || request.height.is_none()) {
        return Err(Error::message(format!(
            "resize_image: op=\"{op_name}\" needs both width and height"
        )));
    }
    let made = on_demand::resized(&images.root, source, request)
        .map_err(|why| Error::message(format!("resize_image: {} {why}", source.display())))?;
    let stem = output
        .rsplit_once('.')
        .map_or(output.as_str(), |(stem, _)| stem);
    let ext = match made.format {
        Format::Jpeg => "jpg",
        other => other.name(),
    };
    let published = format!("{stem}.{}-{}x{}.{ext}", op.name(), made.width, made.height);
    if let Ok(mut files) = images.made.lock() {
        files.insert(published.clone(), (made.file, *index));
    }
    Ok(object(vec![
        ("url", Value::from(images.base.url(&published))),
        ("width", Value::from(made.width)),
        ("height", Value::from(made.height)),
    ]))
}
