// Moved: the record types live in the lowest layer (common/).
#pragma once

#include "common/item.h"
#include "common/time.h"
