-- wrk script: GET /api/search with a query from a fixed set typical of the desk
-- (1-3 words, accentless, prefixes, phrases, an exclusion), in turn.
local queries = {
  "mất điện", "mat dien", "ngập", "lừa đảo", "ko co nuoc", "giá xăng", "cắt điện phường", "ubnd",
  "học phí", "sổ đỏ", "tai nạn", "bệnh viện", "nước sạch", "đền bù", "camera", "mưa", "thu*", "ngap*",
  "\"mat dien\"", "\"cắt điện\"", "mat dien -lua", "dien thoai", "khong co nuoc", "và", "của",
}
local function encode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
local i = 0
request = function()
  i = i + 1
  local q = queries[(i % #queries) + 1]
  if unique then
    -- a query never asked before: the answer cache cannot help
    q = q .. " " .. tostring(math.random(1, 1000000000))
  end
  return wrk.format("GET", "/api/search?limit=10&q=" .. encode(q))
end
