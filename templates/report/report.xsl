<?xml version="1.0" encoding="UTF-8"?>
<!--
  The report template: one edition's content (monolingual, after localize
  and after the data pass has put on every <value> the number to show) to
  the document tree of templates/document.rng. Both the HTML and the PDF
  edition are written from its output, so they cannot diverge.

  Chapters open a page and are numbered I, II ...; their sections are
  numbered 1., a., i., a., i. by depth; tables and figures are numbered
  through the document by the resolve pass. The words the template adds
  are in the s:strings table, one entry per language. Paragraphs, lists,
  tables, charts, figures and inline markup are ../common.xsl's.
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:f="urn:folio:format"
                xmlns:s="urn:folio:strings"
                exclude-result-prefixes="f s">

  <xsl:import href="../common.xsl"/>
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:variable name="kind-strings" select="document('')/*/s:strings"/>

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
        <xsl:call-template name="words">
          <xsl:with-param name="words" select="$strings/s:s[not(starts-with(@key, 'chart-'))]"/>
        </xsl:call-template>
      </info>
      <xsl:call-template name="alternates"/>
      <cover src="{f:src($front)}">
        <kicker><xsl:apply-templates select="$front/series/node()"/></kicker>
        <title><xsl:apply-templates select="$front/title/node()"/></title>
        <subtitle><xsl:apply-templates select="$front/subtitle/node()"/></subtitle>
        <xsl:for-each select="$front/period">
          <period><xsl:value-of select="f:months(@from, @to)"/></period>
        </xsl:for-each>
        <publisher><xsl:apply-templates select="$front/publisher/node()"/></publisher>
      </cover>
      <xsl:call-template name="contents"><xsl:with-param name="depth" select="4"/></xsl:call-template>
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

</xsl:stylesheet>
