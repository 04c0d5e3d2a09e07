"""The core: plan in, values out. No Rich, no Markdown, no argparse."""
