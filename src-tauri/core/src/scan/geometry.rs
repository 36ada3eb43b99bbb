//! The few pieces of plane geometry and pixel sampling the page reader needs: an affine map from
//! the printed sheet (mm) to a scanned image (pixels), fitted by least squares, and ink measured
//! by sampling only the regions looked at (the page is never warped as a whole).

use image::GrayImage;

/// `x' = a·x + b·y + c`, `y' = d·x + e·y + f`: millimetres on the sheet to pixels of the scan.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Affine {
    pub m: [f32; 6],
}

impl Affine {
    pub fn apply(&self, (x, y): (f32, f32)) -> (f32, f32) {
        let m = &self.m;
        (m[0] * x + m[1] * y + m[2], m[3] * x + m[4] * y + m[5])
    }

    /// The map shifted by `(dx, dy)` pixels.
    pub fn shifted(&self, dx: f32, dy: f32) -> Affine {
        let mut m = self.m;
        m[2] += dx;
        m[5] += dy;
        Affine { m }
    }

    /// Pixels per millimetre, averaged over both axes.
    pub fn scale(&self) -> f32 {
        let m = &self.m;
        let sx = (m[0] * m[0] + m[3] * m[3]).sqrt();
        let sy = (m[1] * m[1] + m[4] * m[4]).sqrt();
        (sx + sy) / 2.0
    }

    /// The least-squares affine map taking each `from` point to its `to` point; `None` with fewer
    /// than three pairs or when the `from` points are in a line.
    pub fn fit(from: &[(f32, f32)], to: &[(f32, f32)]) -> Option<Affine> {
        if from.len() < 3 || from.len() != to.len() {
            return None;
        }
        // Centre the points for a well-conditioned system.
        let n = from.len() as f64;
        let (mx, my) = from.iter().fold((0.0, 0.0), |(a, b), p| (a + f64::from(p.0) / n, b + f64::from(p.1) / n));
        let (sxx, sxy, syy) = from.iter().fold((0.0, 0.0, 0.0), |(a, b, c), p| {
            let (x, y) = (f64::from(p.0) - mx, f64::from(p.1) - my);
            (a + x * x, b + x * y, c + y * y)
        });
        let det = sxx * syy - sxy * sxy;
        if det.abs() < 1e-9 * (sxx * syy).max(1e-12) {
            return None;
        }
        let mut m = [0.0f32; 6];
        for axis in 0..2 {
            let target = |p: &(f32, f32)| f64::from(if axis == 0 { p.0 } else { p.1 });
            let mean = to.iter().map(target).sum::<f64>() / n;
            let (sxt, syt) = from.iter().zip(to).fold((0.0, 0.0), |(a, b), (p, q)| {
                let t = target(q) - mean;
                (a + (f64::from(p.0) - mx) * t, b + (f64::from(p.1) - my) * t)
            });
            let a = (sxt * syy - syt * sxy) / det;
            let b = (syt * sxx - sxt * sxy) / det;
            let c = mean - a * mx - b * my;
            m[axis * 3] = a as f32;
            m[axis * 3 + 1] = b as f32;
            m[axis * 3 + 2] = c as f32;
        }
        Some(Affine { m })
    }

    /// The least-squares similarity (turn, one scale, shift: a scanner does not stretch one axis)
    /// taking each `from` point to its `to` point; `None` with fewer than two distinct points.
    pub fn fit_similarity(from: &[(f32, f32)], to: &[(f32, f32)]) -> Option<Affine> {
        if from.len() < 2 || from.len() != to.len() {
            return None;
        }
        let n = from.len() as f64;
        let mean = |points: &[(f32, f32)]| {
            points.iter().fold((0.0, 0.0), |(a, b), p| (a + f64::from(p.0) / n, b + f64::from(p.1) / n))
        };
        let ((fx, fy), (tx, ty)) = (mean(from), mean(to));
        let (mut dot, mut cross, mut norm) = (0.0, 0.0, 0.0);
        for (p, q) in from.iter().zip(to) {
            let (x, y) = (f64::from(p.0) - fx, f64::from(p.1) - fy);
            let (u, v) = (f64::from(q.0) - tx, f64::from(q.1) - ty);
            dot += x * u + y * v;
            cross += x * v - y * u;
            norm += x * x + y * y;
        }
        if norm < 1e-9 {
            return None;
        }
        let (a, b) = (dot / norm, cross / norm);
        let (c, d) = (tx - a * fx + b * fy, ty - b * fx - a * fy);
        Some(Affine { m: [a as f32, -b as f32, c as f32, b as f32, a as f32, d as f32] })
    }

    /// The largest distance, in pixels, between a mapped `from` point and its `to` point.
    pub fn worst_residual(&self, from: &[(f32, f32)], to: &[(f32, f32)]) -> f32 {
        from.iter()
            .zip(to)
            .map(|(p, q)| {
                let (x, y) = self.apply(*p);
                ((x - q.0).powi(2) + (y - q.1).powi(2)).sqrt()
            })
            .fold(0.0, f32::max)
    }
}

/// The grey level at `(x, y)` (nearest pixel), white outside the image.
pub fn pixel(image: &GrayImage, (x, y): (f32, f32)) -> u8 {
    let (xi, yi) = (x.round(), y.round());
    if xi < 0.0 || yi < 0.0 || xi >= image.width() as f32 || yi >= image.height() as f32 {
        return 255;
    }
    image.as_raw()[yi as usize * image.width() as usize + xi as usize]
}

/// The page's paper and ink levels, from a sparse sample of its pixels: the paper is the 70th
/// percentile (a form is mostly paper), the ink the 0.2th (what its darkest strokes reach).
pub fn levels(image: &GrayImage) -> (u8, u8) {
    let raw = image.as_raw();
    let step = (raw.len() / 60_000).max(1) | 1;
    let mut histogram = [0u32; 256];
    let mut count = 0u32;
    let mut index = 0;
    while index < raw.len() {
        histogram[usize::from(raw[index])] += 1;
        count += 1;
        index += step;
    }
    let percentile = |fraction: f32| {
        let wanted = (count as f32 * fraction) as u32;
        let mut seen = 0;
        for (level, n) in histogram.iter().enumerate() {
            seen += n;
            if seen > wanted {
                return level as u8;
            }
        }
        255
    };
    (percentile(0.7), percentile(0.002))
}

/// The share of sampled pixels darker than `threshold` in `count` sampled positions.
pub struct Ink {
    pub dark: f32,
    pub light: f32,
}

/// Samples the sheet's rectangle (mm) on a grid of about one pixel and counts the pixels darker
/// than `dark` and than `light`.
pub fn ink_in(image: &GrayImage, map: &Affine, rect: (f32, f32, f32, f32), dark: u8, light: u8) -> Ink {
    let (left, top, width, height) = rect;
    let step = 1.0 / map.scale().max(0.5);
    let columns = ((width / step).ceil() as usize).max(1);
    let rows = ((height / step).ceil() as usize).max(1);
    let (mut dark_count, mut light_count) = (0u32, 0u32);
    for row in 0..rows {
        let y = top + (row as f32 + 0.5) * height / rows as f32;
        for column in 0..columns {
            let x = left + (column as f32 + 0.5) * width / columns as f32;
            let value = pixel(image, map.apply((x, y)));
            dark_count += u32::from(value < dark);
            light_count += u32::from(value < light);
        }
    }
    let total = (rows * columns) as f32;
    Ink { dark: dark_count as f32 / total, light: light_count as f32 / total }
}

/// The sheet's rectangle (mm) resampled upright at `pixels_per_mm`, for a person to look at.
pub fn crop(image: &GrayImage, map: &Affine, rect: (f32, f32, f32, f32), pixels_per_mm: f32) -> GrayImage {
    let (left, top, width, height) = rect;
    let columns = ((width * pixels_per_mm).round() as u32).max(1);
    let rows = ((height * pixels_per_mm).round() as u32).max(1);
    let mut out = GrayImage::new(columns, rows);
    for (index, value) in out.iter_mut().enumerate() {
        let (column, row) = (index as u32 % columns, index as u32 / columns);
        let x = left + (column as f32 + 0.5) / pixels_per_mm;
        let y = top + (row as f32 + 0.5) / pixels_per_mm;
        *value = pixel(image, map.apply((x, y)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_affine_map_is_fitted_from_its_points() {
        let truth = Affine { m: [11.7, -0.4, 30.0, 0.5, 11.9, -12.0] };
        let from = [(9.5, 9.5), (206.4, 9.5), (206.4, 269.9), (9.5, 269.9)];
        let to: Vec<(f32, f32)> = from.iter().map(|p| truth.apply(*p)).collect();
        let fitted = Affine::fit(&from, &to).unwrap();
        assert!(fitted.worst_residual(&from, &to) < 0.05, "{fitted:?}");
        assert!((fitted.scale() - truth.scale()).abs() < 1e-3);
        assert_eq!(Affine::fit(&from[..2], &to[..2]), None, "two points do not make a plane");
        let turned = Affine { m: [11.8 * 0.998, -11.8 * 0.06, 40.0, 11.8 * 0.06, 11.8 * 0.998, -20.0] };
        let to: Vec<(f32, f32)> = from.iter().map(|p| turned.apply(*p)).collect();
        let similar = Affine::fit_similarity(&[from[1], from[2]], &[to[1], to[2]]).unwrap();
        assert!(similar.worst_residual(&from, &to) < 0.05, "two marks place a turned page: {similar:?}");
        assert_eq!(Affine::fit(&[(0.0, 0.0), (1.0, 1.0), (2.0, 2.0)], &to[..3]), None, "points in a line");
    }
}
