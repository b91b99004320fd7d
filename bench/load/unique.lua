-- wrk script: like search.lua, but every query carries a number never asked
-- before, so each request runs a real search (no answer cache).
unique = true
dofile(os.getenv("VOX_LOAD_DIR") .. "/search.lua")
