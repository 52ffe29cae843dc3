<?xml version="1.0" encoding="UTF-8"?>
<!--
  The report template: one edition's content (monolingual, after localize
  and after the data pass has put on every <value> the number to show) to
  the document tree of templates/document.rng. Both the HTML and the PDF
  edition are written from its output, so they cannot diverge.

  Chapters open a page and are numbered I, II ...; their sections are
  numbered 1., a., i., a., i. by depth; tables and figures are numbered
  through the document by the resolve pass. The words the template adds
  are in the s:strings table, one entry per language.
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:f="urn:folio:format"
                xmlns:s="urn:folio:strings"
                xmlns:exsl="http://exslt.org/common"
                exclude-result-prefixes="f s exsl">

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:variable name="lang" select="/report/@lang"/>
  <xsl:variable name="strings" select="document('')/*/s:strings[@lang = $lang]"/>

  <s:strings lang="es">
    <s:s key="page">Página</s:s>
    <s:s key="contents">Índice de contenidos</s:s>
    <s:s key="table">Tabla</s:s>
    <s:s key="figure">Figura</s:s>
    <s:s key="source">Fuente:</s:s>
    <s:s key="notes">Notas</s:s>
    <s:s key="pdf">Descargar PDF</s:s>
    <s:s key="skip">Saltar al contenido</s:s>
    <s:s key="missing">Falta la traducción</s:s>
    <s:s key="language">Español</s:s>
    <s:s key="image-credit">Imagen:</s:s>
    <s:s key="indicator">Indicador</s:s>
    <s:s key="target">Meta</s:s>
    <s:s key="result">Resultado</s:s>
    <s:s key="achievement">Logro</s:s>
    <s:s key="chart-grouped">Gráfico de barras agrupadas</s:s>
    <s:s key="chart-stacked">Gráfico de barras apiladas</s:s>
    <s:s key="chart-hbar">Gráfico de barras horizontales</s:s>
    <s:s key="chart-pyramid">Pirámide</s:s>
    <s:s key="chart-donut">Gráfico de anillo</s:s>
    <s:s key="chart-by">por fila:</s:s>
  </s:strings>
  <s:strings lang="en">
    <s:s key="page">Page</s:s>
    <s:s key="contents">Contents</s:s>
    <s:s key="table">Table</s:s>
    <s:s key="figure">Figure</s:s>
    <s:s key="source">Source:</s:s>
    <s:s key="notes">Notes</s:s>
    <s:s key="pdf">Download PDF</s:s>
    <s:s key="skip">Skip to content</s:s>
    <s:s key="missing">Translation missing</s:s>
    <s:s key="language">English</s:s>
    <s:s key="image-credit">Image:</s:s>
    <s:s key="indicator">Indicator</s:s>
    <s:s key="target">Target</s:s>
    <s:s key="result">Result</s:s>
    <s:s key="achievement">Achievement</s:s>
    <s:s key="chart-grouped">Grouped bar chart</s:s>
    <s:s key="chart-stacked">Stacked bar chart</s:s>
    <s:s key="chart-hbar">Horizontal bar chart</s:s>
    <s:s key="chart-pyramid">Pyramid</s:s>
    <s:s key="chart-donut">Donut chart</s:s>
    <s:s key="chart-by">by row:</s:s>
  </s:strings>

  <xsl:template name="string">
    <xsl:param name="key"/>
    <xsl:param name="in" select="$lang"/>
    <xsl:variable name="s" select="document('')/*/s:strings[@lang = $in]/s:s[@key = $key]"/>
    <xsl:if test="not($s)">
      <xsl:message terminate="yes">no string '<xsl:value-of select="$key"/>' for <xsl:value-of select="$in"/></xsl:message>
    </xsl:if>
    <xsl:value-of select="$s"/>
  </xsl:template>

  <xsl:template match="/report">
    <xsl:variable name="front" select="front"/>
    <!-- tables and figures numbered through the document, as the printed
         reports do; numbering="section" would give "Tabla 4.2" -->
    <document lang="{$lang}" locale="{@locale}" id="{@id}" kind="report" numbering="document">
      <info>
        <xsl:attribute name="title"><xsl:apply-templates select="$front/title" mode="plain"/></xsl:attribute>
        <xsl:attribute name="author"><xsl:apply-templates select="$front/publisher" mode="plain"/></xsl:attribute>
        <xsl:attribute name="subject">
          <xsl:apply-templates select="$front/series" mode="plain"/>
          <xsl:text> · </xsl:text>
          <xsl:apply-templates select="$front/subtitle" mode="plain"/>
        </xsl:attribute>
        <xsl:attribute name="keywords"><xsl:apply-templates select="$front/keywords" mode="plain"/></xsl:attribute>
        <xsl:attribute name="short-title"><xsl:apply-templates select="$front/short-title" mode="plain"/></xsl:attribute>
        <xsl:for-each select="$strings/s:s[not(starts-with(@key, 'chart-'))]">
          <word key="{@key}"><xsl:value-of select="."/></word>
        </xsl:for-each>
      </info>
      <xsl:for-each select="edition[@lang != $lang]">
        <alternate lang="{@lang}" href="../{@lang}/index.html">
          <xsl:attribute name="label">
            <xsl:call-template name="string">
              <xsl:with-param name="key" select="'language'"/>
              <xsl:with-param name="in" select="@lang"/>
            </xsl:call-template>
          </xsl:attribute>
        </alternate>
      </xsl:for-each>
      <cover src="{f:src($front)}">
        <kicker><xsl:apply-templates select="$front/series/node()"/></kicker>
        <title><xsl:apply-templates select="$front/title/node()"/></title>
        <subtitle><xsl:apply-templates select="$front/subtitle/node()"/></subtitle>
        <xsl:for-each select="$front/period">
          <period><xsl:value-of select="f:months(@from, @to)"/></period>
        </xsl:for-each>
        <publisher><xsl:apply-templates select="$front/publisher/node()"/></publisher>
      </cover>
      <contents depth="4">
        <xsl:attribute name="title">
          <xsl:call-template name="string"><xsl:with-param name="key" select="'contents'"/></xsl:call-template>
        </xsl:attribute>
      </contents>
      <xsl:apply-templates select="chapter"/>
    </document>
  </xsl:template>

  <xsl:template match="chapter">
    <section id="{@id}" src="{f:src(.)}" opener="page">
      <title>
        <xsl:number count="chapter" format="I"/>
        <xsl:text>. </xsl:text>
        <xsl:apply-templates select="title/node()"/>
      </title>
      <xsl:apply-templates select="*[not(self::title)]"/>
    </section>
  </xsl:template>

  <!-- A section's number by its depth under the chapter: 1. a. i. a. i. -->
  <xsl:template name="section-number">
    <xsl:variable name="depth" select="count(ancestor::section) + 1"/>
    <xsl:variable name="n" select="count(preceding-sibling::section[not(@numbered = 'no')]) + 1"/>
    <xsl:variable name="format">
      <xsl:choose>
        <xsl:when test="$depth = 1">1</xsl:when>
        <xsl:when test="$depth mod 2 = 0">a</xsl:when>
        <xsl:otherwise>i</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:number value="$n" format="{$format}"/>
    <xsl:text>. </xsl:text>
  </xsl:template>

  <xsl:template match="section">
    <xsl:variable name="depth" select="count(ancestor-or-self::section)"/>
    <h src="{f:src(.)}" level="{1 + $depth - ($depth &gt; 5) * ($depth - 5)}">
      <xsl:if test="@id"><xsl:attribute name="id"><xsl:value-of select="@id"/></xsl:attribute></xsl:if>
      <xsl:if test="@numbered = 'no'"><xsl:attribute name="contents">no</xsl:attribute></xsl:if>
      <xsl:if test="not(@numbered = 'no')"><xsl:call-template name="section-number"/></xsl:if>
      <xsl:apply-templates select="title/node()"/>
    </h>
    <xsl:apply-templates select="*[not(self::title)]"/>
  </xsl:template>

  <xsl:template match="*" mode="plain">
    <xsl:for-each select="missing[1]">[<xsl:value-of select="@lang"/>] </xsl:for-each>
    <xsl:value-of select="normalize-space(.)"/>
  </xsl:template>

  <!-- Blocks -->
  <xsl:template match="p">
    <p src="{f:src(.)}">
      <xsl:if test="@style"><xsl:attribute name="style"><xsl:value-of select="@style"/></xsl:attribute></xsl:if>
      <xsl:apply-templates select="node()"/>
    </p>
  </xsl:template>

  <xsl:template match="list">
    <list src="{f:src(.)}">
      <xsl:if test="@style"><xsl:attribute name="style"><xsl:value-of select="@style"/></xsl:attribute></xsl:if>
      <xsl:apply-templates select="item | list"/>
    </list>
  </xsl:template>
  <xsl:template match="item">
    <item src="{f:src(.)}"><xsl:apply-templates select="node()"/></item>
  </xsl:template>

  <xsl:template match="source">
    <source>
      <xsl:call-template name="string"><xsl:with-param name="key" select="'source'"/></xsl:call-template>
      <xsl:text> </xsl:text>
      <xsl:apply-templates select="node()"/>
    </source>
  </xsl:template>


  <xsl:template match="row">
    <row src="{f:src(.)}">
      <xsl:if test="@role"><xsl:attribute name="role"><xsl:value-of select="@role"/></xsl:attribute></xsl:if>
      <xsl:for-each select="cell">
        <xsl:variable name="pos" select="position()"/>
        <cell>
          <!-- a figure (the data pass wrote its number, n); in the head,
               the heading of a column of figures -->
          <xsl:if test="@n or (ancestor::head and not(@span) and ../../../body/row[last()]/cell[$pos]/@n)">
            <xsl:attribute name="align">num</xsl:attribute>
          </xsl:if>
          <xsl:if test="@span"><xsl:attribute name="span"><xsl:value-of select="@span"/></xsl:attribute></xsl:if>
          <xsl:apply-templates select="node()"/>
        </cell>
      </xsl:for-each>
    </row>
  </xsl:template>

  <xsl:template match="head | body">
    <xsl:element name="{local-name()}"><xsl:apply-templates select="row"/></xsl:element>
  </xsl:template>

  <xsl:template match="table">
    <table id="{@id}" src="{f:src(.)}">
      <xsl:if test="@printed"><xsl:attribute name="printed"><xsl:value-of select="@printed"/></xsl:attribute></xsl:if>
      <caption><xsl:apply-templates select="caption/node()"/></caption>
      <xsl:apply-templates select="head | body"/>
      <xsl:apply-templates select="chart"/>
      <xsl:apply-templates select="source"/>
    </table>
  </xsl:template>


  <!-- A table's chart: the series are the columns listed, named by the
       head's last row; the categories the body rows that are not totals
       (those listed in rows="…" when it is given). -->
  <xsl:template match="chart">
    <xsl:variable name="table" select=".."/>
    <xsl:variable name="columns" select="concat(normalize-space(@columns), ' ')"/>
    <xsl:variable name="listed" select="concat(' ', normalize-space(@rows), ' ')"/>
    <xsl:variable name="rows" select="$table/body/row[not(@role)][not(current()/@rows) or contains($listed, concat(' ', position(), ' '))]"/>
    <xsl:variable name="series-tree">
      <xsl:call-template name="series">
        <xsl:with-param name="columns" select="$columns"/>
        <xsl:with-param name="header" select="$table/head/row[last()]"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="series" select="exsl:node-set($series-tree)/series"/>
    <chart type="{@type}">
      <xsl:attribute name="alt">
        <xsl:call-template name="string"><xsl:with-param name="key" select="concat('chart-', @type)"/></xsl:call-template>
        <xsl:text>: </xsl:text>
        <xsl:for-each select="$series">
          <xsl:if test="position() &gt; 1">, </xsl:if>
          <xsl:value-of select="@name"/>
        </xsl:for-each>
        <xsl:text> </xsl:text>
        <xsl:call-template name="string"><xsl:with-param name="key" select="'chart-by'"/></xsl:call-template>
        <xsl:text> </xsl:text>
        <xsl:for-each select="$rows">
          <xsl:if test="position() &gt; 1">, </xsl:if>
          <xsl:value-of select="normalize-space(cell[1])"/>
        </xsl:for-each>
        <xsl:text>.</xsl:text>
      </xsl:attribute>
      <xsl:copy-of select="$series"/>
      <xsl:for-each select="$rows">
        <category name="{normalize-space(cell[1])}">
          <xsl:call-template name="values">
            <xsl:with-param name="columns" select="$columns"/>
            <xsl:with-param name="row" select="."/>
          </xsl:call-template>
        </category>
      </xsl:for-each>
    </chart>
  </xsl:template>

  <xsl:template name="series">
    <xsl:param name="columns"/>
    <xsl:param name="header"/>
    <xsl:if test="$columns != ''">
      <series name="{normalize-space($header/cell[position() = number(substring-before($columns, ' '))])}"/>
      <xsl:call-template name="series">
        <xsl:with-param name="columns" select="substring-after($columns, ' ')"/>
        <xsl:with-param name="header" select="$header"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template name="values">
    <xsl:param name="columns"/>
    <xsl:param name="row"/>
    <xsl:if test="$columns != ''">
      <xsl:variable name="cell" select="$row/cell[position() = number(substring-before($columns, ' '))]"/>
      <v>
        <xsl:if test="$cell/@n"><xsl:attribute name="n"><xsl:value-of select="$cell/@n"/></xsl:attribute></xsl:if>
        <xsl:value-of select="normalize-space($cell)"/>
      </v>
      <xsl:call-template name="values">
        <xsl:with-param name="columns" select="substring-after($columns, ' ')"/>
        <xsl:with-param name="row" select="$row"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template match="figure">
    <figure id="{@id}" src="{f:src(.)}">
      <xsl:if test="@printed"><xsl:attribute name="printed"><xsl:value-of select="@printed"/></xsl:attribute></xsl:if>
      <xsl:if test="image">
        <image src="{f:src(image)}" href="{image/@href}" alt="{normalize-space(image/alt)}"/>
      </xsl:if>
      <xsl:if test="grid">
        <grid><xsl:apply-templates select="grid/head | grid/body"/></grid>
      </xsl:if>
      <caption><xsl:apply-templates select="caption/node()"/></caption>
      <xsl:if test="image/credit">
        <!-- "Imagen: Ana Ríos" -->
        <credit>
          <xsl:call-template name="string"><xsl:with-param name="key" select="'image-credit'"/></xsl:call-template>
          <xsl:text> </xsl:text>
          <xsl:apply-templates select="image/credit/node()"/>
        </credit>
      </xsl:if>
      <xsl:apply-templates select="source"/>
    </figure>
  </xsl:template>

  <!-- An indicator: its code and objective as a heading one level below
       the section's, then its box: wording, target, result, achievement. -->
  <xsl:template match="indicator">
    <xsl:variable name="depth" select="count(ancestor::section) + 1"/>
    <h src="{f:src(.)}" id="{@id}" level="{1 + $depth - ($depth &gt; 5) * ($depth - 5)}" contents="no">
      <xsl:value-of select="concat(@code, ' ')"/>
      <xsl:apply-templates select="title/node()"/>
    </h>
    <table numbered="no" style="indicator" src="{f:src(.)}">
      <head>
        <row>
          <cell><xsl:call-template name="string"><xsl:with-param name="key" select="'indicator'"/></xsl:call-template></cell>
          <cell align="num"><xsl:call-template name="string"><xsl:with-param name="key" select="'target'"/></xsl:call-template></cell>
          <cell align="num"><xsl:call-template name="string"><xsl:with-param name="key" select="'result'"/></xsl:call-template></cell>
          <cell align="num"><xsl:call-template name="string"><xsl:with-param name="key" select="'achievement'"/></xsl:call-template></cell>
        </row>
      </head>
      <body>
        <row>
          <cell><xsl:apply-templates select="text/node()"/></cell>
          <cell align="num"><xsl:value-of select="f:number(@target)"/></cell>
          <cell align="num"><xsl:value-of select="f:number(@result)"/></cell>
          <cell align="num"><xsl:value-of select="f:percent(@result div @target * 100, 1)"/></cell>
        </row>
      </body>
    </table>
  </xsl:template>

  <!-- Inline -->
  <xsl:template match="em"><i><xsl:apply-templates select="node()"/></i></xsl:template>
  <xsl:template match="strong"><b><xsl:apply-templates select="node()"/></b></xsl:template>
  <xsl:template match="a"><a href="{@href}"><xsl:apply-templates select="node()"/></a></xsl:template>
  <xsl:template match="br"><br/></xsl:template>
  <xsl:template match="note"><note><xsl:apply-templates select="node()"/></note></xsl:template>
  <xsl:template match="ref"><xref target="{@to}"/></xsl:template>
  <xsl:template match="missing"><missing lang="{@lang}"><xsl:apply-templates select="node()"/></missing></xsl:template>
  <xsl:template match="value">
    <xsl:choose>
      <xsl:when test="@percent = 'yes'"><xsl:value-of select="f:percent(@n, @decimals)"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="f:number(@n, @decimals)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
