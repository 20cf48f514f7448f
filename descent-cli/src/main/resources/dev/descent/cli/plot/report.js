// The report's pictures, made to answer: played epoch by epoch, read under the pointer, zoomed. No request leaves the page.
const run = JSON.parse(document.getElementById('run').textContent);
const fmt = v => v === null || v === undefined || Number.isNaN(v) ? '-' : Number(v.toPrecision(6)).toString();

// A figure's values and the SVG's pixels, both ways, from the plot's area and its axes' ends.
const axesOf = figure => JSON.parse(figure.dataset.axes);
const along = (axis, v) => axis.log ? Math.log10(v) : v;
function toPixel(axes, x, y) {
  const [ax, ay, aw, ah] = axes.area, fx = axes.x, fy = axes.y;
  return [ax + (along(fx, x) - along(fx, fx.low)) / (along(fx, fx.high) - along(fx, fx.low)) * aw,
          ay + ah - (along(fy, y) - along(fy, fy.low)) / (along(fy, fy.high) - along(fy, fy.low)) * ah];
}
function fromPixel(axes, px, py) {
  const [ax, ay, aw, ah] = axes.area, back = (axis, t) => {
    const v = along(axis, axis.low) + t * (along(axis, axis.high) - along(axis, axis.low));
    return axis.log ? Math.pow(10, v) : v;
  };
  return [back(axes.x, (px - ax) / aw), back(axes.y, (ay + ah - py) / ah)];
}
function svgPoint(svg, event) {
  const p = svg.createSVGPoint();
  p.x = event.clientX; p.y = event.clientY;
  return p.matrixTransform(svg.getScreenCTM().inverse());
}

// Enlarge on a click; zoom with the wheel about the pointer, a double click undoes it; read the values under the pointer.
document.querySelectorAll('figure[data-axes]').forEach(figure => {
  const svg = figure.querySelector('svg'), axes = axesOf(figure), readout = figure.querySelector('.readout');
  const width = Number(svg.getAttribute('width')), height = Number(svg.getAttribute('height'));
  svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
  figure.addEventListener('click', () => figure.classList.toggle('large'));
  svg.addEventListener('wheel', event => {
    event.preventDefault();
    const box = svg.viewBox.baseVal, p = svgPoint(svg, event), factor = event.deltaY < 0 ? 0.8 : 1.25;
    const w = Math.min(width, box.width * factor), h = Math.min(height, box.height * factor);
    box.x = Math.max(0, Math.min(width - w, p.x - (p.x - box.x) * w / box.width));
    box.y = Math.max(0, Math.min(height - h, p.y - (p.y - box.y) * h / box.height));
    box.width = w; box.height = h;
  });
  svg.addEventListener('dblclick', () => svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height));
  svg.addEventListener('mousemove', event => {
    const p = svgPoint(svg, event), [ax, ay, aw, ah] = axes.area;
    if (p.x < ax || p.x > ax + aw || p.y < ay || p.y > ay + ah) { readout.innerHTML = '&nbsp;'; return; }
    const [x, y] = fromPixel(axes, p.x, p.y);
    let text = axes.x.label + ' = ' + fmt(x) + ', ' + axes.y.label + ' = ' + fmt(y);
    if (figure.id === 'loss' && run.history) { text += '; ' + epochText(x); }
    if (figure.id === 'parameters') { text += '; ' + frameText(nearestFrame(x)); }
    readout.textContent = text;
  });
});

// The loss of the epoch nearest to x, to the last digit kept.
function epochText(x) {
  const h = run.history;
  let best = 0;
  h.epochs.forEach((e, i) => { if (Math.abs(e - x) < Math.abs(h.epochs[best] - x)) { best = i; } });
  return 'epoch ' + h.epochs[best] + ': training loss ' + fmt(h.losses[best])
    + (h.validation[best] === null ? '' : ', validation loss ' + fmt(h.validation[best]));
}
function nearestFrame(epoch) {
  let best = 0;
  run.epochs.forEach((e, i) => { if (Math.abs(e - epoch) < Math.abs(run.epochs[best] - epoch)) { best = i; } });
  return best;
}
function frameText(f) {
  const shown = run.names.slice(0, 8).map((name, k) => name + ' = ' + fmt(run.params[f][k]));
  return run.labels[f] + (run.losses[f] === null ? '' : ', loss ' + fmt(run.losses[f])) + ': ' + shown.join(', ')
    + (run.names.length > 8 ? ', ...' : '');
}

// A mark on a figure at values (x, y): a dot on the loss surface, a line across the loss.
function mark(id, make) {
  const figure = document.getElementById(id);
  if (!figure) { return null; }
  const svg = figure.querySelector('svg'), axes = axesOf(figure);
  const element = document.createElementNS('http://www.w3.org/2000/svg', make);
  element.setAttribute('class', 'frame-mark');
  svg.appendChild(element);
  return {element: element, axes: axes};
}
const dot = run.contour ? mark('contour', 'circle') : null;
const line = run.history ? mark('loss', 'line') : null;
if (dot) { dot.element.setAttribute('r', 6); dot.element.setAttribute('fill', '#ff7f0e'); dot.element.setAttribute('stroke', '#222'); }
if (line) { line.element.setAttribute('stroke', '#ff7f0e'); line.element.setAttribute('stroke-width', 2); }

function show(f) {
  document.getElementById('frameText').textContent = frameText(f);
  if (dot) {
    const [p, q] = run.contour, [x, y] = toPixel(dot.axes, run.params[f][p], run.params[f][q]);
    dot.element.setAttribute('cx', x); dot.element.setAttribute('cy', y);
  }
  if (line && run.epochs[f] >= 0) { // the fitted frame after early stopping has no epoch of its own here
    const [ax, ay, aw, ah] = line.axes.area, x = toPixel(line.axes, run.epochs[f], line.axes.y.high)[0];
    line.element.setAttribute('x1', x); line.element.setAttribute('x2', x);
    line.element.setAttribute('y1', ay); line.element.setAttribute('y2', ay + ah);
  }
  if (run.rows) { drawFit(f); }
}

// The data and the fit at frame f: the curve through the one column, or predicted against actual with the diagonal.
function drawFit(f) {
  const canvas = document.getElementById('animation'), c = canvas.getContext('2d'), W = canvas.width, H = canvas.height, pad = 44;
  const r = run.rows, fit = r.fits[f], last = r.fits[r.fits.length - 1], first = r.fits[0];
  const finite = v => v !== null && Number.isFinite(v);
  let values = r.actual.concat(last).filter(finite);
  let lo = Math.min(...values), hi = Math.max(...values);
  const start = first.filter(finite);
  if (start.length && Math.max(...start) - Math.min(...start, lo) < 3 * (hi - lo || 1)
      && Math.max(...start, hi) - Math.min(...start) < 3 * (hi - lo || 1)) {
    lo = Math.min(lo, ...start); hi = Math.max(hi, ...start); // the start is near enough to be drawn whole
  }
  const span = hi - lo || 1;
  lo -= span * 0.05; hi += span * 0.05;
  const py = v => H - pad - (v - lo) / (hi - lo) * (H - 2 * pad);
  c.clearRect(0, 0, W, H);
  c.save(); c.beginPath(); c.rect(pad, pad, W - 2 * pad, H - 2 * pad); c.clip();
  c.font = '13px system-ui, sans-serif';
  if (r.column !== undefined) {
    const x0 = Math.min(...r.x), x1 = Math.max(...r.x), px = x => pad + (x - x0) / (x1 - x0 || 1) * (W - 2 * pad);
    c.fillStyle = '#1f77b4';
    r.x.forEach((x, i) => { c.beginPath(); c.arc(px(x), py(r.actual[i]), 3, 0, 7); c.fill(); });
    c.strokeStyle = '#d62728'; c.lineWidth = 2; c.beginPath();
    let drawing = false;
    r.x.forEach((x, i) => {
      if (!finite(fit[i])) { drawing = false; return; }
      if (drawing) { c.lineTo(px(x), py(fit[i])); } else { c.moveTo(px(x), py(fit[i])); drawing = true; }
    });
    c.stroke();
    c.restore(); c.fillStyle = '#444';
    c.fillText(r.column + ' across (' + fmt(x0) + ' to ' + fmt(x1) + '), ' + r.target + ' up (' + fmt(lo) + ' to ' + fmt(hi) + ')', pad, pad - 12);
  } else {
    const px = v => pad + (v - lo) / (hi - lo) * (W - 2 * pad);
    c.strokeStyle = '#999'; c.beginPath(); c.moveTo(px(lo), py(lo)); c.lineTo(px(hi), py(hi)); c.stroke();
    c.fillStyle = '#1f77b4';
    r.actual.forEach((a, i) => { if (finite(fit[i])) { c.beginPath(); c.arc(px(a), py(fit[i]), 3, 0, 7); c.fill(); } });
    c.restore(); c.fillStyle = '#444';
    c.fillText('actual ' + r.target + ' across, predicted up (' + fmt(lo) + ' to ' + fmt(hi) + '); on the diagonal the fit is exact', pad, pad - 12);
  }
}

const slider = document.getElementById('frame');
let timer = null;
slider.addEventListener('input', () => show(Number(slider.value)));
document.getElementById('play').addEventListener('click', () => {
  if (timer) { clearInterval(timer); timer = null; document.getElementById('play').textContent = 'Play'; return; }
  if (Number(slider.value) >= Number(slider.max)) { slider.value = 0; }
  document.getElementById('play').textContent = 'Pause';
  timer = setInterval(() => {
    slider.value = Number(slider.value) + 1;
    show(Number(slider.value));
    if (Number(slider.value) >= Number(slider.max)) { clearInterval(timer); timer = null; document.getElementById('play').textContent = 'Play'; }
  }, 80);
});
slider.value = slider.max; // the fit as it ended, first
show(Number(slider.max));
