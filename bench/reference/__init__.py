"""The bench's reference rows: the same inbox page written the stock DRF way.

The issue that set the bench's targets gave two figures for orientation, measured on its
author's machine: "a stock DRF list with a page count runs at 13–18 % of the bare DRF
view, a hand-tuned one-query list near 35 %". Measuring the stock list here, in the same
run as the product's rows, says how this machine and this page compare with those
figures. None of this is served by the product: `make bench` starts gunicorn with
`reference.settings`, the product's settings with this package's URLconf.
"""
