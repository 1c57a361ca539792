#pragma once
// Heatmap data (stub; the heatmap work fills it in).
