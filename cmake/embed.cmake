# Turns a data file into a C++ source defining
#   extern const char vox_embed_<SYMBOL>[]; extern const unsigned long vox_embed_<SYMBOL>_size;
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" hexlen)
math(EXPR n "${hexlen} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "char(0x\\1)," body "${hex}")
file(WRITE ${OUT} "// Generated from ${IN}; do not edit.\n"
  "extern const char vox_embed_${SYMBOL}[];\nextern const unsigned long vox_embed_${SYMBOL}_size;\n"
  "const char vox_embed_${SYMBOL}[] = {${body} 0};\n"
  "const unsigned long vox_embed_${SYMBOL}_size = ${n};\n")
