#include "attnscope/heatmap_data.h"
