// The search page: served as a file of its own so that the Content-Security-Policy
// can forbid inline script.
const $ = (s) => document.querySelector(s);
fetch('/api/stats').then(r => r.json()).then(s => {
  $('#stats').textContent = s.items + ' mục từ ' + s.sources.length + ' nguồn, ' + s.voices + ' người viết khác nhau';
});
$('#f').addEventListener('submit', async (e) => {
  e.preventDefault();
  const r = await fetch('/api/search?limit=20&q=' + encodeURIComponent($('#q').value));
  const body = await r.json();
  const ol = $('#results'); ol.innerHTML = '';
  if (!r.ok) { ol.textContent = body.error; return; }
  for (const h of body) {
    const li = document.createElement('li');
    const snip = document.createElement('div');
    snip.innerHTML = h.snippet;  // server-escaped, <mark> only
    const meta = document.createElement('div'); meta.className = 'meta';
    meta.textContent = h.source + ' · ' + h.id + ' · ' + h.score;
    li.append(snip, meta); ol.append(li);
  }
  if (!body.length) ol.textContent = 'Không có kết quả.';
});
