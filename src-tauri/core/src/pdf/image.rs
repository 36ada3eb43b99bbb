//! Images on a page: the organisation's logo (`crate::logo`). An `Image` is made once per document
//! and shared by its pages (a 1,000-form batch holds one copy); a page that draws it names it in
//! its content stream, and `render_document` embeds each image the pages name once, as an image
//! XObject in the resources every page shares. A JPEG goes in as it is (DCTDecode); a PNG's
//! samples are deflated, its transparency a soft mask (`/SMask`).
//!
//! printpdf 0.12's own image API decodes through the `image` crate (its `images` feature) and
//! works on printpdf's pages, which Balise does not use (its pages write their own streams); the
//! objects are written here with lopdf, as `document.rs` writes the pages.

use std::io::Write as _;
use std::sync::Arc;

use lopdf::{dictionary, Stream};

use crate::logo::{Logo, Picture};
use crate::store::Db;

/// An image ready to embed, cheap to clone.
#[derive(Clone)]
pub struct Image(Arc<Embedded>);

struct Embedded {
    /// The name pages use for it (`/Logo1a2b… Do`), from the file's SHA-256: two documents of one
    /// logo name it alike, two logos never do.
    name: String,
    width_px: u32,
    height_px: u32,
    image: Stream,
    mask: Option<Stream>,
}

impl std::fmt::Debug for Image {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Image({}, {} × {})", self.0.name, self.0.width_px, self.0.height_px)
    }
}

impl Image {
    /// The organisation's logo chosen in Paramètres, ready to print; `None` without one.
    pub fn letterhead(db: &Db) -> crate::Result<Option<Image>> {
        Ok(crate::logo::for_print(db)?.map(|logo| Image::of_logo(&logo)))
    }

    pub fn of_logo(logo: &Logo) -> Image {
        let size = |dict: &mut lopdf::Dictionary| {
            dict.set("Type", "XObject");
            dict.set("Subtype", "Image");
            dict.set("Width", i64::from(logo.width));
            dict.set("Height", i64::from(logo.height));
            dict.set("BitsPerComponent", 8);
        };
        let (image, mask) = match &logo.picture {
            Picture::Jpeg { bytes, components } => {
                let mut dict = dictionary! {
                    "ColorSpace" => if *components == 1 { "DeviceGray" } else { "DeviceRGB" },
                    "Filter" => "DCTDecode",
                };
                size(&mut dict);
                (Stream::new(dict, bytes.clone()).with_compression(false), None)
            }
            Picture::Pixels { rgb, samples, alpha } => {
                let mut dict = dictionary! { "ColorSpace" => if *rgb { "DeviceRGB" } else { "DeviceGray" } };
                size(&mut dict);
                let mask = alpha.as_ref().map(|alpha| {
                    let mut dict = dictionary! { "ColorSpace" => "DeviceGray" };
                    size(&mut dict);
                    deflated(dict, alpha)
                });
                (deflated(dict, samples), mask)
            }
        };
        let name = format!("Logo{}", logo.sha256.get(..12).unwrap_or("0"));
        Image(Arc::new(Embedded { name, width_px: logo.width, height_px: logo.height, image, mask }))
    }

    /// Width over height.
    pub fn aspect(&self) -> f32 {
        self.0.width_px as f32 / self.0.height_px.max(1) as f32
    }

    /// The name the page's content uses.
    pub(crate) fn name(&self) -> &str {
        &self.0.name
    }

    /// The image's stream, and its soft mask's.
    pub(crate) fn objects(&self) -> (Stream, Option<Stream>) {
        (self.0.image.clone(), self.0.mask.clone())
    }
}

/// `samples` deflated under `dict` (FlateDecode), marked so that the document does not compress
/// them again.
fn deflated(mut dict: lopdf::Dictionary, samples: &[u8]) -> Stream {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing to a Vec cannot fail.
    let compressed = encoder.write_all(samples).and_then(|()| encoder.finish()).unwrap_or_default();
    dict.set("Filter", "FlateDecode");
    Stream::new(dict, compressed).with_compression(false)
}
