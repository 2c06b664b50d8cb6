"""The bench's reference rows: the inbox's page and a complaint's page written the stock
DRF way (a `ListAPIView` with page-number pagination, a `RetrieveAPIView` with
`prefetch_related`).

The issue that set the bench's targets gave two figures for orientation, measured on its
author's machine: "a stock DRF list with a page count runs at 13–18 % of the bare DRF
view, a hand-tuned one-query list near 35 %". Measuring the stock views here, in the same
run as the product's rows, says how this machine and these pages compare with those
figures. None of this is served by the product: `make bench` starts gunicorn with
`reference.settings`, the product's settings with this package's URLconf.
"""
