"""A local Telegram Bot API on 127.0.0.1 and the tools to run the real bot against it.

For end-to-end tests and load benchmarks, never for serving; needs the development requirements (aiohttp).
"""
