#include <gtest/gtest.h>

#include "attnscope/heatmap_data.h"
