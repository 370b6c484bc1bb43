"""Each team's workplan: measurable goals with derived progress, their actions, milestones."""
